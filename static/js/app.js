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
  // Confirm destructive actions.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
