# Builds japanese.csv and hebrew.csv of eval/scripts from the OpenSanctions
# export sample of Wikidata persons (../shared/data/lists/opensanctions/
# export_format_sample_wd_persons): positives are a person's kana or Hebrew
# name beside the English form of the same Wikidata item; negatives re-pair
# each query with another person's name. Run from the repository root:
#   python3 eval/scripts/build_wd_persons.py && mv /tmp/scripts-gen/*.csv eval/scripts/

import json,re,csv,sys
f='../shared/data/lists/opensanctions/export_format_sample_wd_persons/entities.ftm.json'
KANA=re.compile(r'^[\u30a0-\u30ff\u3040-\u309f\uff1d\u30fb =]+$')
HEB=re.compile(r'^[\u05d0-\u05ea\u05f3\u05f4\'"\- ]+$')
HEB_TITLES=['מלך','נסיך','יורש','המלך','הסעודית','התימנייה']
listed={'Q1317':'ofac-6365'}
# aliases that name another person (Wikidata errors): the wife of Q57298
# and the grandfather of Q379946
DROP={'ハサ・ビント・トラード・アッ＝シャアラーン','サルマーン・ビン・トゥルキー・アッ＝スダイリー'}
rows={'japanese':[],'hebrew':[]}
for line in open(f):
    e=json.loads(line)
    if e.get('schema')!='Person': continue
    p=e['properties']
    latin=[n for n in p.get('name',[])+p.get('alias',[]) if re.fullmatch(r"[A-Za-z\u00c0-\u024f\u02bb\u02be\u02bf\u02bc' .\-]+",n)]
    if not latin: continue
    ok=lambda n: len(n.split())>=2 and ' of ' not in n and not n.split()[0] in ('Pangeran','Raja','King','Prince','Kral','Rey','Re','Roi') and not re.search(r' I+$',n)
    cap=e.get('caption','')
    # the English Wikipedia form where the caption is a title or a
    # label in another language
    cap={'Q57298':'Abdullah bin Abdulaziz Al Saud','Q208301':'Khalid bin Abdulaziz Al Saud','Q151509':'Abdul Aziz Al Saud',
         'Q4665821':'Abdulaziz bin Salman Al Saud','Q4665824':'Abdulaziz bin Turki Al Saud','Q217167':'Faisal bin Abdulaziz Al Saud'}.get(e['id'],cap)
    if cap in latin and ok(cap): name=cap
    else:
        c=[n for n in latin if ok(n)]
        if not c: continue
        name=min(c,key=len)
    src='https://www.wikidata.org/wiki/'+e['id']+' (OpenSanctions export sample wd_persons, ../shared/data/lists/opensanctions/export_format_sample_wd_persons)'
    for n in p.get('name',[])+p.get('alias',[]):
        if n in DROP: continue
        toks=[t for t in re.split(r'[・＝= \-]',n) if t]
        if KANA.match(n) and len(toks)>=2:
            rows['japanese'].append((n,name,listed.get(e['id'],''),e['id'],src))
        if HEB.match(n) and len(toks)>=2 and not any(t in n for t in HEB_TITLES):
            rows['hebrew'].append((n,name,listed.get(e['id'],''),e['id'],src))
for sc,rs in rows.items():
    out=csv.writer(open(f'/tmp/scripts-gen/{sc}.csv','w',newline=''),lineterminator='\n')
    out.writerow(['query','schema','name','list_id','label','kind','source'])
    seen=set()
    for q,n,lid,qid,src in rs:
        out.writerow([q,'Person',n,lid,1,'positive',src]); seen.add((q,n))
    # repaired negatives: each query against the name of the row 7 places on
    # (another person), as the BRIEF defines them
    k=len(rs)
    for i,(q,n,lid,qid,src) in enumerate(rs):
        for step in range(7,7+k):
            q2,n2,lid2,qid2,src2=rs[(i+step)%k]
            if qid2!=qid and (q,n2) not in seen: break
        seen.add((q,n2))
        out.writerow([q,'Person',n2,lid2,0,'repaired',src+'; re-paired with '+'https://www.wikidata.org/wiki/'+qid2])
    print(sc,len(rs))
