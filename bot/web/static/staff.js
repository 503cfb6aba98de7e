// Small helpers for every staff page (no inline scripts: the CSP forbids them).
// When a form comes back with problems, the summary of them takes focus, so that screen
// reader users hear what to fix at once (as GOV.UK's error summary does).
const summary = document.getElementById("error-summary");
if (summary) summary.focus();

// A link in the summary takes focus to its field (the first control of a group of
// choices), not just the view; the label stays in sight above it.
if (summary) {
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    const control = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input, select, textarea");
    if (!control) return;
    event.preventDefault();
    const field = control.closest(".field") || control;
    field.scrollIntoView();
    control.focus({ preventScroll: true });
  });
}
