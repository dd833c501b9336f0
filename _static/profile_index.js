// The profile index of a large corpus (表 table.profile-index): shown a page of rows at a time, with a filter
// on any text of a row (name, province, level, year). Rows are only shown or hidden; no text is written as markup.
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.profile-index")) {
    const rows = Array.from(table.tBodies[0].rows);
    const size = Number(table.dataset.pageRows) || 50;
    const texts = rows.map((row) => row.textContent.toLowerCase());
    const bar = document.createElement("div");
    bar.className = "profile-index-bar";
    const input = document.createElement("input");
    input.type = "search";
    input.placeholder = "筛选：名称、省份、层级或年度";
    input.setAttribute("aria-label", "筛选报告档案");
    const prev = document.createElement("button");
    prev.type = "button";
    prev.textContent = "上一页";
    const next = document.createElement("button");
    next.type = "button";
    next.textContent = "下一页";
    const status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    bar.append(input, prev, status, next);
    table.parentElement.before(bar);
    let page = 0;
    let shown = rows;
    const draw = () => {
      const pages = Math.max(1, Math.ceil(shown.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      const first = page * size;
      const visible = new Set(shown.slice(first, first + size));
      for (const row of rows) row.hidden = !visible.has(row);
      status.textContent = shown.length
        ? `共 ${shown.length} 份，第 ${first + 1}–${Math.min(first + size, shown.length)} 份（第 ${page + 1}/${pages} 页）`
        : "没有符合的报告";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    };
    input.addEventListener("input", () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      shown = rows.filter((row, k) => words.every((w) => texts[k].includes(w)));
      page = 0;
      draw();
    });
    prev.addEventListener("click", () => { page -= 1; draw(); });
    next.addEventListener("click", () => { page += 1; draw(); });
    draw();
  }
});
