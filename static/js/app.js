// Small progressive enhancements; the pages work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit filter forms' selects only when the form asks for it.
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // Below 768 px the main navigation folds into a "Menu" button (without JavaScript it
  // simply stays open).
  const toggle = document.querySelector(".menu-toggle");
  const nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    nav.classList.add("main-nav--collapsible");
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("main-nav--open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  // A table wider than the screen scrolls in its box: make that box reachable and
  // scrollable from the keyboard, named after its table (WCAG 2.1.1; axe's
  // scrollable-region-focusable). Re-checked when the window changes size.
  const scrollables = () => {
    document.querySelectorAll(".table-wrap, .table-scroll").forEach((box) => {
      if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) {
        if (!box.hasAttribute("tabindex")) {
          box.tabIndex = 0;
          box.dataset.madeFocusable = "true";
          const caption = box.querySelector("caption");
          if (!box.hasAttribute("role") && caption) {
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", caption.textContent.trim());
          }
        }
      } else if (box.dataset.madeFocusable) {
        box.removeAttribute("tabindex");
        delete box.dataset.madeFocusable;
      }
    });
  };
  scrollables();
  window.addEventListener("load", scrollables);  // after fonts and images settle the widths
  window.addEventListener("resize", scrollables);
  document.body.addEventListener("htmx:afterSettle", scrollables);
  // Confirm destructive actions.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
