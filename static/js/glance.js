// The framework at a glance: each priority folds and unfolds its CPOs and indicators (all
// shown without JavaScript and in print).
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table.glance");
  if (!table) return;
  const fold = (toggle, open) => {
    toggle.setAttribute("aria-expanded", String(open));
    const body = toggle.closest("tbody");
    body.querySelectorAll("tr:not(.glance__priority)").forEach((row) => { row.hidden = !open; });
  };
  table.querySelectorAll(".glance__toggle").forEach((toggle) => {
    toggle.hidden = false;
    toggle.addEventListener("click", () => fold(toggle, toggle.getAttribute("aria-expanded") !== "true"));
  });
  document.querySelectorAll(".glance__all").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      table.querySelectorAll(".glance__toggle").forEach((t) => fold(t, button.dataset.expand === "true"));
    });
  });
});
