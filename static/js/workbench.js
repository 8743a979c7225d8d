// The approvals workbench's keyboard and "tick all" (the page works without them):
//   j / k  next / previous update      x  tick or untick it
//   a      approve it                   r  open its return comment
// Keys are ignored while typing in a field or with a modifier held.
document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("workbench");
  if (!table) return;
  const keys = document.querySelector(".workbench__keys");
  if (keys) keys.hidden = false;
  let currentId = null;

  const rows = () => Array.from(table.querySelectorAll("tbody.queue-item:not(.queue-item--done)"));
  const current = () => (currentId && document.getElementById(currentId)) || null;

  function select(row) {
    table.querySelectorAll("tbody.is-current").forEach((r) => r.classList.remove("is-current"));
    if (!row) { currentId = null; return; }
    currentId = row.id;
    row.classList.add("is-current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.indexOf(current());
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1)
      : Math.min(Math.max(at + step, 0), all.length - 1);
    select(all[next]);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const row = current();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "x": {
        const tick = row && row.querySelector('input[name="update"]');
        if (tick) tick.checked = !tick.checked;
        break;
      }
      case "a": {
        const approve = row && row.querySelector('[data-key="a"]');
        if (!approve) return;
        // Once this row is decided, the next one becomes current.
        const all = rows();
        const following = all[all.indexOf(row) + 1];
        approve.click();  // (its click also makes this row current: move on after it)
        currentId = following ? following.id : null;
        break;
      }
      case "r": {
        const details = row && row.querySelector("details.workbench__return");
        if (!details) return;
        details.open = true;
        const comment = details.querySelector("textarea");
        if (comment) comment.focus();
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  table.addEventListener("click", (event) => {
    const row = event.target.closest("tbody.queue-item");
    if (row && !row.classList.contains("queue-item--done")) select(row);
  });

  // After htmx replaces a row, keep the highlight on the current one.
  document.body.addEventListener("htmx:afterSettle", () => {
    const row = current();
    if (row && !row.classList.contains("queue-item--done")) select(row);
  });

  const all = document.getElementById("tick-all");
  if (all) {
    all.hidden = false;
    all.addEventListener("change", () => {
      table.querySelectorAll('input[name="update"]').forEach((box) => { box.checked = all.checked; });
    });
  }
});
