package goods

import "strings"

// Military items are on the munitions lists: the Wassenaar Arrangement
// Munitions List (categories ML1–ML22), which the EU Common Military List
// adopts category for category (Council Common Position 2008/944/CFSP;
// the list is republished each year in the Official Journal), and the US
// Munitions List (22 CFR 121.1, categories I–XXI) of the ITAR. An item on
// them needs an export licence for every destination, coalition partners
// included: a different verdict from the CHPL's tiers, which rank dual-use
// goods Russia seeks.
//
// Sources (public documents):
//   - Wassenaar Arrangement, "List of Dual-Use Goods and Technologies and
//     Munitions List", Munitions List ML1–ML22 (WA-LIST, updated each
//     December; https://www.wassenaar.org/control-lists/).
//   - Common Military List of the European Union (e.g. OJ C, 2024/2247),
//     same ML1–ML22 headings.
//   - 22 CFR § 121.1, The United States Munitions List, Categories I–XXI
//     (https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-121).
//
// A description is read as a military item when it names one in words
// (keywords below, English, Russian, Chinese; matched like the lexicon,
// anywhere in the description: parts of a fighter jet are military parts)
// or when its HS code is one only military items have (9301 military
// weapons, 8710 tanks and armoured fighting vehicles, 8906.10 warships,
// 9306.90 bombs, grenades, torpedoes, mines and missiles). Keywords are
// the names of the items each category heading lists; they cannot tell
// "specially designed for military use" from a civilian look-alike, so
// the verdict is a lead for a licence check, not a legal classification.
type MilitaryCategory struct {
	// ML is the Wassenaar / EU Common Military List category ("ML10"),
	// or "ML?" for a description that says only that it is military.
	ML string
	// USML names the corresponding US Munitions List categories ("VIII,
	// XIX"); "" where there is no close counterpart.
	USML string
	// Title is the category's heading, shortened.
	Title string
	// HS are HS headings or subheadings only military items have.
	HS []string
	// Terms are the lexicon terms that name items of the category.
	Terms []string
}

// MilitaryVerdict is the wording of the verdict on a military item.
const MilitaryVerdict = "military item: licence required everywhere"

// MilitaryCategories is the table of the munitions-list categories.
var MilitaryCategories = []MilitaryCategory{
	{ML: "ML1", USML: "I", Title: "smooth-bore weapons under 20 mm, other arms and automatic weapons of 12.7 mm or less",
		Terms: []string{"assault rifle*", "machine gun*", "submachine gun*", "sniper rifle*", "military rifle*", "штурмов* винтовк*", "пулемет*", "снайперск* винтовк*", "автомат* калашников*", "突击步枪", "机枪", "狙击步枪", "冲锋枪"}},
	{ML: "ML2", USML: "II", Title: "smooth-bore weapons of 20 mm or more, other weapons and armament over 12.7 mm",
		HS:    []string{"9301"},
		Terms: []string{"howitzer*", "artillery", "autocannon*", "mortar tube*", "гаубиц*", "артиллерийск*", "миномет*", "榴弹炮", "火炮", "迫击炮"}},
	{ML: "ML3", USML: "III", Title: "ammunition and fuze setting devices",
		Terms: []string{"ammunition", "artillery shell*", "fuze*", "боеприпас*", "взрыват*", "弹药", "炮弹", "引信"}},
	{ML: "ML4", USML: "IV", Title: "bombs, torpedoes, rockets, missiles, other explosive devices and charges",
		HS:    []string{"930690"},
		Terms: []string{"missile*", "rocket launcher*", "torpedo*", "aerial bomb*", "guided bomb*", "hand grenade*", "landmine*", "land mine*", "ракета", "ракеты", "ракет", "торпед*", "авиабомб*", "противотанков*", "导弹", "鱼雷", "火箭弹", "航空炸弹", "手榴弹", "地雷"}},
	{ML: "ML5", USML: "XII", Title: "fire control, surveillance and warning equipment",
		Terms: []string{"fire control", "targeting system*", "target acquisition", "weapon sight*", "управлени* огнем", "прицельн* комплекс*", "火控", "瞄准系统"}},
	{ML: "ML6", USML: "VII", Title: "ground vehicles and components",
		HS:    []string{"8710"},
		Terms: []string{"main battle tank*", "armoured personnel carrier*", "armored personnel carrier*", "infantry fighting vehicle*", "armoured vehicle*", "armored vehicle*", "military vehicle*", "танк", "танки", "танков", "бронетранспортер*", "бмп", "бронемашин*", "坦克", "装甲车", "步兵战车"}},
	{ML: "ML7", USML: "XIV", Title: "chemical or biological toxic agents, riot control agents",
		Terms: []string{"nerve agent*", "chemical warfare", "отравляющ* веществ*", "химическ* оружи*", "化学武器", "神经毒剂"}},
	{ML: "ML8", USML: "V", Title: "energetic materials",
		Terms: []string{"military explosive*", "rocket propellant*", "hmx", "rdx", "octogen", "hexogen", "гексоген*", "октоген*", "黑索金", "奥克托今"}},
	{ML: "ML9", USML: "VI, XX", Title: "vessels of war, special naval equipment",
		HS:    []string{"890610"},
		Terms: []string{"warship*", "naval vessel*", "submarine*", "frigate*", "corvette*", "военн* корабл*", "подводн* лодк*", "фрегат*", "корвет*", "军舰", "潜艇", "护卫舰"}},
	{ML: "ML10", USML: "VIII, XIX", Title: "military aircraft, UAVs, aero-engines and aircraft equipment and components",
		Terms: []string{"fighter jet*", "fighter aircraft", "military aircraft", "combat aircraft", "military helicopter*", "attack helicopter*", "military drone*", "combat drone*", "loitering munition*", "kamikaze drone*",
			"истребител*", "военн* самолет*", "военн* вертолет*", "боев* вертолет*", "ударн* беспилотн*", "барражирующ* боеприпас*", "战斗机", "歼击机", "军用飞机", "军用无人机", "武装直升机", "察打一体"}},
	{ML: "ML11", USML: "XI, XV", Title: "military electronic equipment, including electronic warfare",
		Terms: []string{"jamming transmitter*", "jammer*", "jamming", "electronic warfare", "military radio*", "радиоэлектронн* борьб*", "постановщик* помех", "подавител* связ*", "подавител* сигнал*", "глушилк*", "干扰器", "干扰机", "电子战", "军用电台"}},
	{ML: "ML12", USML: "II", Title: "high velocity kinetic energy weapon systems",
		Terms: []string{"railgun*", "рельсотрон*", "电磁炮"}},
	{ML: "ML13", USML: "X", Title: "armoured or protective equipment and constructions",
		Terms: []string{"body armour", "body armor", "ballistic vest*", "bulletproof vest*", "ballistic helmet*", "бронежилет*", "бронешлем*", "防弹衣", "防弹头盔"}},
	{ML: "ML14", USML: "IX", Title: "equipment for military training or simulating military scenarios",
		Terms: []string{"combat simulator*", "weapon simulator*", "军事模拟"}},
	{ML: "ML15", USML: "XII", Title: "imaging or countermeasure equipment specially designed for military use",
		Terms: []string{"thermal weapon sight*", "military night vision", "тепловизионн* прицел*", "热成像瞄准镜"}},
	{ML: "ML16", USML: "", Title: "forgings, castings and unfinished products specially designed for listed items"},
	{ML: "ML17", USML: "XIII", Title: "miscellaneous equipment, materials and libraries"},
	{ML: "ML18", USML: "", Title: "production equipment and components for listed items"},
	{ML: "ML19", USML: "XVIII", Title: "directed energy weapon systems",
		Terms: []string{"laser weapon*", "directed energy weapon*", "боев* лазер*", "激光武器"}},
	{ML: "ML20", USML: "", Title: "cryogenic and superconductive equipment specially designed for military use"},
	{ML: "ML21", USML: "", Title: "software for listed items"},
	{ML: "ML22", USML: "", Title: "technology for listed items"},
	{ML: "ML?", USML: "", Title: "the description says the goods are military (category not named)",
		Terms: []string{"military use", "military grade", "military purpose*", "for military", "военного назначения", "для военн*", "军用", "军事用途"}},
}

// militaryCode turns a category's index into the code its lexicon rules
// vote for ("M" and three digits, never an HS code): military votes are
// kept apart from the HS votes.
func militaryCode(i int) string {
	return "M" + string(rune('0'+i/100)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}

// militaryRules returns the lexicon rules of the table's terms.
func militaryRules() []lexRule {
	var out []lexRule
	for i, c := range MilitaryCategories {
		if len(c.Terms) > 0 {
			out = append(out, rule(militaryCode(i), "military", 1, c.Terms...))
		}
	}
	return out
}

// militaryByCode finds the category of a military vote's code.
func militaryByCode(code string) *MilitaryCategory {
	if len(code) != 4 || code[0] != 'M' {
		return nil
	}
	i := int(code[1]-'0')*100 + int(code[2]-'0')*10 + int(code[3]-'0')
	if i < 0 || i >= len(MilitaryCategories) {
		return nil
	}
	return &MilitaryCategories[i]
}

// militaryByHS finds the category whose HS codes include hs.
func militaryByHS(hs string) *MilitaryCategory {
	if hs == "" {
		return nil
	}
	for i := range MilitaryCategories {
		for _, h := range MilitaryCategories[i].HS {
			if strings.HasPrefix(hs, h) {
				return &MilitaryCategories[i]
			}
		}
	}
	return nil
}

// Verdict says in words what the classification means for a licence: the
// munitions-list verdict for a military item, the CHPL tier for CHPL
// goods, else that the goods are on neither list.
func (c Classification) Verdict() string {
	switch {
	case c.Military != "":
		return MilitaryVerdict + " (" + c.MilitaryList() + ")"
	case c.CHPLTier != "":
		return "CHPL Tier " + c.CHPLTier
	}
	return "not on the CHPL or a munitions list"
}

// MilitaryList names the munitions-list categories of a military item:
// "Wassenaar/EU ML10, USML VIII, XIX".
func (c Classification) MilitaryList() string {
	if c.Military == "" {
		return ""
	}
	s := "Wassenaar/EU " + c.Military
	if c.MilitaryUSML != "" {
		s += ", USML " + c.MilitaryUSML
	}
	return s
}

// isMilitaryCode reports whether a lexicon rule's code is a munitions-list
// category's (militaryCode), not an HS code.
func isMilitaryCode(code string) bool { return len(code) == 4 && code[0] == 'M' }
