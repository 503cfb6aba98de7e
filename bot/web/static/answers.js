// The answer editor: the preview follows what is typed (without JavaScript the Preview
// button does the same). The server renders the preview, so it is exactly what the page
// shows after Preview, placeholders and reading hints included. Nothing is saved.
const form = document.getElementById("answer-form");
const preview = document.getElementById("answer-preview");

if (form && preview) {
  let timer = 0;
  let asked = 0;
  const note = document.createElement("p");
  note.className = "hint";
  note.textContent = preview.dataset.liveNote || "";
  form.querySelector(".buttons")?.before(note);

  const refresh = async () => {
    const mine = ++asked;
    const body = new URLSearchParams(new FormData(form));
    body.delete("action");
    try {
      const reply = await fetch(form.dataset.previewUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      if (!reply.ok || mine !== asked) return;
      preview.innerHTML = await reply.text();
    } catch {
      // Offline or signed out: the Preview button still works.
    }
  };

  form.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
}
