// Injected into a rendered page: after the browser lays it out, read every value
// cell back by *geometry* — the header cells above it and the row labels to its
// left — and write the result as JSON into <pre id="gx-readback">.
window.addEventListener("load", () => {
  const out = [];
  for (const table of document.querySelectorAll("table")) {
    const heads = [...table.querySelectorAll("th")].map((th) => ({ th, r: th.getBoundingClientRect() }));
    for (const td of table.querySelectorAll("td")) {
      const r = td.getBoundingClientRect();
      const cx = (r.left + r.right) / 2;
      const cy = (r.top + r.bottom) / 2;
      const above = heads
        .filter((h) => h.r.left <= cx && cx <= h.r.right && h.r.bottom <= r.top + 1)
        .sort((a, b) => b.r.bottom - a.r.bottom);
      const left = heads
        .filter((h) => h.r.top <= cy && cy <= h.r.bottom && h.r.right <= r.left + 1)
        .sort((a, b) => b.r.right - a.r.right);
      const label = (h) => h.th.textContent.trim();
      out.push({
        part: table.dataset.part,
        text: td.textContent,
        columns: above.map(label),
        rows: left.map(label),
        width: r.width,
        height: r.height,
      });
    }
  }
  const pre = document.createElement("pre");
  pre.id = "gx-readback";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
