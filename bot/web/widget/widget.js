/* Cymar widget loader: the one tag a host site adds.
 *
 *   <script src="https://CYMAR/widget.js" defer
 *           data-language="cy" data-position="right" data-colour="#1d5c63"
 *           data-title="Cymar" data-exit-url="https://www.bbc.co.uk/weather"></script>
 *
 * Every option is optional. It adds a launcher button; pressing it opens the chat (the /chat
 * page of the same Cymar server, in an iframe) as a non-modal dialog. Escape or the close
 * button closes it and puts focus back on the launcher. A classic script, not a module, so
 * that document.currentScript can read the options.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__cymarWidget) return;
  window.__cymarWidget = true;

  var origin = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var KEY = "cymar.widget.v1";
  var CHAT_KEY = "cymar.chat.v1";
  var DEFAULT_EXIT = "https://www.bbc.co.uk/weather";
  var lang = data.language === "cy" || data.language === "en" ? data.language : null;
  var side = data.position === "left" ? "left" : "right";
  var accent = hexColour(data.colour || data.color);
  var titleCy = (data.titleCy || data.title || "Cymar").slice(0, 60);
  var titleEn = (data.titleEn || data.title || "Cymar").slice(0, 60);
  var exitUrl = /^https?:\/\//.test(data.exitUrl || "") ? data.exitUrl : DEFAULT_EXIT;
  var WORDS = {
    open: { cy: "Sgwrsio â " + titleCy, en: "Chat with " + titleEn },
    dialog: { cy: titleCy + ": sgwrs", en: titleEn + ": chat" },
    unread: { cy: "neges newydd", en: "new message" },
  };

  function hexColour(value) {
    return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value || "") ? value.toLowerCase() : null;
  }
  function words(key) {
    var w = WORDS[key];
    return lang ? w[lang] : w.cy + " / " + w.en;
  }
  function readableOn(hex) {
    var h = hex.slice(1);
    if (h.length === 3) h = h.replace(/(.)/g, "$1$1");
    var l = [0, 2, 4].map(function (i) {
      var c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#0b0c0c" : "#ffffff";
  }
  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) || "{}") || {};
    } catch (e) {
      return {};
    }
  }
  function save() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ open: isOpen, started: !!frame }));
    } catch (e) {
      /* storage blocked: the widget simply starts closed next time */
    }
  }
  function el(tag, attrs, parent) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (parent) parent.appendChild(node);
    return node;
  }
  function fill(node, key) {
    var w = WORDS[key];
    node.textContent = "";
    if (lang) {
      node.textContent = w[lang];
      node.setAttribute("lang", lang);
      return;
    }
    el("span", { lang: "cy" }, node).textContent = w.cy;
    node.appendChild(document.createTextNode(" "));
    el("span", { lang: "en", class: "alt-lang" }, node).textContent = w.en;
  }

  // A shadow root keeps the host page's CSS off the launcher (and ours off the host page).
  var host = el("div", { id: "cymar-widget", "data-position": side });
  host.style.display = "none"; // until our stylesheet has loaded
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link", { rel: "stylesheet", href: origin + "/widget/static/launcher.css" }, root);
  sheet.addEventListener("load", function () {
    host.style.display = "";
  });
  var wrap = el("div", { class: "cymar " + side }, root);
  if (accent) {
    wrap.style.setProperty("--accent", accent);
    wrap.style.setProperty("--on-accent", readableOn(accent));
  }
  var panel = el(
    "div",
    { class: "panel", id: "cymar-panel", role: "dialog", "aria-modal": "false" },
    wrap,
  );
  panel.setAttribute("aria-label", words("dialog"));
  panel.hidden = true;
  var launcher = el(
    "button",
    {
      type: "button",
      class: "launcher",
      "aria-expanded": "false",
      "aria-controls": "cymar-panel",
      "aria-haspopup": "dialog",
    },
    wrap,
  );
  launcher.innerHTML =
    '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">' +
    '<path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  var launcherLabel = el("span", { class: "label" }, launcher);
  fill(launcherLabel, "open");
  var badge = el("span", { class: "badge" }, launcher);
  badge.hidden = true;
  var live = el("div", { class: "visually-hidden", "aria-live": "polite" }, wrap);

  var frame = null;
  var frameReady = false;
  var isOpen = false;

  function frameUrl() {
    var params = new URLSearchParams({ embed: "1", title_cy: titleCy, title_en: titleEn });
    if (lang) params.set("language", lang);
    if (accent) params.set("accent", accent);
    if (exitUrl !== DEFAULT_EXIT) params.set("exit", exitUrl);
    return origin + "/chat?" + params.toString();
  }
  function post(message) {
    if (frame && frameReady) frame.contentWindow.postMessage(message, origin);
  }
  function ensureFrame() {
    if (frame) return;
    frame = el("iframe", { title: words("dialog"), src: frameUrl(), referrerpolicy: "no-referrer" });
    frame.addEventListener("load", function () {
      frameReady = true;
      post({ type: isOpen ? "cymar:open" : "cymar:hidden" });
    });
    panel.appendChild(frame);
  }
  function setUnread(count) {
    badge.hidden = !count;
    badge.textContent = "";
    if (!count) return;
    badge.appendChild(document.createTextNode(String(count)));
    el("span", { class: "visually-hidden" }, badge).textContent = " " + words("unread");
    live.textContent = count + " " + words("unread");
  }
  function open(focus) {
    ensureFrame();
    isOpen = true;
    panel.hidden = false;
    wrap.classList.add("is-open");
    launcher.setAttribute("aria-expanded", "true");
    setUnread(0);
    if (focus) frame.focus();
    post({ type: "cymar:open" });
    save();
  }
  function close() {
    isOpen = false;
    panel.hidden = true;
    wrap.classList.remove("is-open");
    launcher.setAttribute("aria-expanded", "false");
    post({ type: "cymar:hidden" });
    launcher.focus();
    save();
  }
  // The chat's own state (conversation id, last seq, unsent messages), kept here for it.
  function chatState(data) {
    try {
      if (data === undefined) return JSON.parse(sessionStorage.getItem(CHAT_KEY) || "null");
      if (data === null) sessionStorage.removeItem(CHAT_KEY);
      else sessionStorage.setItem(CHAT_KEY, JSON.stringify(data));
    } catch (e) {
      return null;
    }
    return null;
  }
  function quickExit() {
    try {
      sessionStorage.removeItem(KEY);
      sessionStorage.removeItem(CHAT_KEY);
    } catch (e) {
      /* nothing stored */
    }
    host.remove();
    location.replace(exitUrl);
  }

  launcher.addEventListener("click", function () {
    if (isOpen) close();
    else open(true);
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen) {
      event.stopPropagation();
      close();
    }
  });
  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    var message = event.data || {};
    if (message.type === "cymar:close") close();
    else if (message.type === "cymar:exit") quickExit();
    else if (message.type === "cymar:unread" && !isOpen) setUnread(Number(message.count) || 0);
    else if (message.type === "cymar:hello") {
      // Asked before the frame's load event: answer straight away.
      frame.contentWindow.postMessage({ type: "cymar:state", data: chatState() }, origin);
    }
    else if (message.type === "cymar:save" && message.data) chatState(message.data);
    else if (message.type === "cymar:clear") chatState(null);
  });

  function start() {
    document.body.appendChild(host);
    var saved = load();
    if (saved.open) open(false);
    else if (saved.started) ensureFrame(); // keep the live stream: peer replies while closed
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
