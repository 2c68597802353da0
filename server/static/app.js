// redline UI: instant search and upload progress. The pages work without
// it; this only makes them quicker.
"use strict";

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k === "style") e.style.cssText = v; else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

function renderResults(box, q, data) {
  box.replaceChildren();
  if (!data.results.length) {
    box.append(el("p", {class: "empty"}, "Nothing on the lists resembles “" + q + "”."));
    return;
  }
  const tbody = el("tbody");
  for (const r of data.results) {
    const ex = r.explanation || {};
    let why = "“" + (ex.query_name || "") + "” ≈ “" + (ex.matched_name || "") + "” (" + (ex.name_score || 0).toFixed(2) + ")";
    for (const f of ex.features || []) why += "; " + f.name + " " + (f.value ? f.value + " " : "") + (f.contribution >= 0 ? "+" : "") + f.contribution.toFixed(2);
    const score = el("td", {class: "num"}, el("span", {class: "bar"}, el("span", {style: "width:" + Math.round(r.score * 100) + "%"})), " " + r.score.toFixed(2));
    if (r.match) score.append(" ", el("b", {class: "tag red"}, "match"));
    tbody.append(el("tr", {class: r.match ? "hit" : ""},
      el("td", {}, el("a", {href: "/ui/entities/" + encodeURIComponent(r.id)}, r.caption)),
      el("td", {}, r.schema), el("td", {}, r.datasets.join(", ")), score, el("td", {class: "why"}, why)));
  }
  const head = el("thead", {}, el("tr", {}, el("th", {}, "Listed party"), el("th", {}, "Type"), el("th", {}, "List"), el("th", {class: "num"}, "Score"), el("th", {}, "Why")));
  box.append(el("table", {class: "results"}, head, tbody));
}

function instantSearch() {
  const q = document.getElementById("q"), schema = document.getElementById("schema"), box = document.getElementById("results");
  if (!q || !box) return;
  let timer = 0, seq = 0;
  const run = () => {
    const text = q.value.trim(), mine = ++seq;
    const url = new URL(location.href);
    if (text) url.searchParams.set("q", text); else url.searchParams.delete("q"); // a blank q is refused on reload
    url.searchParams.set("schema", schema.value);
    history.replaceState(null, "", url);
    if (!text) { box.replaceChildren(); return; }
    fetch("/search/default?limit=20&schema=" + encodeURIComponent(schema.value) + "&q=" + encodeURIComponent(text), {credentials: "same-origin"})
      .then(r => r.ok ? r.json() : Promise.reject(r.status))
      .then(d => { if (mine === seq) renderResults(box, text, d); })
      .catch(() => {});
  };
  q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 150); });
  schema.addEventListener("change", run);
}

function uploadProgress() {
  const form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest) return;
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const bar = document.getElementById("progress"), text = document.getElementById("progress-text");
    bar.hidden = false;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = e => { if (e.lengthComputable) { bar.value = 100 * e.loaded / e.total; text.textContent = "uploading " + Math.round(bar.value) + "%"; } };
    xhr.upload.onload = () => { bar.removeAttribute("value"); text.textContent = "screening…"; };
    xhr.onload = () => { document.open(); document.write(xhr.responseText); document.close(); };
    xhr.onerror = () => { text.textContent = "upload failed"; };
    xhr.send(new FormData(form));
  });
}

document.addEventListener("DOMContentLoaded", () => { instantSearch(); uploadProgress(); });
