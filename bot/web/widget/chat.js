// The Cymar chat: full page at /chat, and the same page inside the embedded widget's iframe.
// Talks only to its own origin: the conversation API, its live stream and /api/crisis-lines.
import { fillLabel, label, plainLabel } from "./i18n.js";

const config = JSON.parse(document.getElementById("cymar-config").textContent);
const STORE_KEY = "cymar.chat.v1";
const $ = (id) => document.getElementById(id);
const ui = {
  root: $("chat"),
  title: $("chat-title"),
  langToggle: $("lang-toggle"),
  close: $("close"),
  closeLabel: $("close-label"),
  actions: $("actions"),
  help: $("help"),
  helpPanel: $("help-panel"),
  helpHeading: $("help-heading"),
  helpIntro: $("help-intro"),
  helpLines: $("help-lines"),
  talk: $("talk"),
  exit: $("exit"),
  status: $("status"),
  heading: $("transcript-heading"),
  scroller: $("scroller"),
  transcript: $("transcript"),
  typing: $("typing"),
  composer: $("composer"),
  inputLabel: $("input-label"),
  input: $("input"),
  send: $("send"),
  error: $("error"),
  announcer: $("announcer"),
  deleteButton: $("delete"),
  deleteDialog: $("delete-dialog"),
  deleteHeading: $("delete-heading"),
  deleteBody: $("delete-body"),
  deleteYes: $("delete-yes"),
  deleteNo: $("delete-no"),
  deleteError: $("delete-error"),
};

const chat = {
  id: null,
  token: null, // the secret that lets this browser delete the conversation (only it has it)
  language: config.language, // "cy", "en" or null (unknown: Welsh first, then English)
  state: "bot",
  lastSeq: 0,
  seen: new Set(),
  outbox: [], // messages not yet answered: {client_message_id, text | payload, shown}
  online: true,
  visible: !config.embed,
  unread: 0,
};
let socket = null;
let reconnectDelay = 1000;
let reconnectTimer = null;
let flushing = false;
let retryTimer = null;
let lastTypingSent = 0;
let typingTimer = null;
let exiting = false;
let starting = null;

// -- storage: sessionStorage, so a closed tab forgets. Embedded, the loader keeps it in the
// host page's sessionStorage: browsers may deny storage to a third-party iframe, and the
// conversation must still survive a reload of the host page.

function saveState() {
  if (!chat.id || exiting) return;
  const outbox = chat.outbox.map(({ client_message_id, text, payload, shown }) => ({
    client_message_id,
    text,
    payload,
    shown,
  }));
  const data = {
    id: chat.id,
    token: chat.token,
    lastSeq: chat.lastSeq,
    language: chat.language,
    outbox,
  };
  if (config.embed) {
    tellHost({ type: "cymar:save", data });
    return;
  }
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(data));
  } catch {
    /* storage blocked (private mode): the chat still works, it just cannot resume */
  }
}

function loadState() {
  if (config.embed) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 1500);
      window.addEventListener("message", function reply(event) {
        if (event.source !== window.parent || (event.data || {}).type !== "cymar:state") return;
        window.removeEventListener("message", reply);
        clearTimeout(timer);
        resolve(event.data.data || null);
      });
      tellHost({ type: "cymar:hello" });
    });
  }
  try {
    return Promise.resolve(JSON.parse(sessionStorage.getItem(STORE_KEY) || "null"));
  } catch {
    return Promise.resolve(null);
  }
}

function clearState() {
  tellHost({ type: "cymar:clear" });
  for (const name of ["sessionStorage", "localStorage"]) {
    try {
      window[name].removeItem(STORE_KEY);
    } catch {
      /* nothing stored, or storage denied */
    }
  }
}

function newMessageId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// -- labels and language -------------------------------------------------------------------

function applyLanguage() {
  const lang = chat.language;
  document.documentElement.lang = lang || "cy";
  ui.title.textContent = lang === "en" ? config.title.en : config.title.cy;
  if (!lang && config.title.cy !== config.title.en) {
    ui.title.textContent = `${config.title.cy} / ${config.title.en}`;
  }
  fillLabel(ui.help, "help", lang);
  fillLabel(ui.talk, "talk", lang);
  fillLabel(ui.exit, "exit", lang);
  fillLabel(ui.send, "send", lang);
  fillLabel(ui.inputLabel, "message", lang);
  fillLabel(ui.helpHeading, "help_heading", lang);
  fillLabel(ui.helpIntro, "help_intro", lang);
  fillLabel(ui.deleteButton, "delete", lang);
  fillLabel(ui.deleteHeading, "delete_heading", lang);
  fillLabel(ui.deleteBody, "delete_body", lang);
  fillLabel(ui.deleteYes, "delete_yes", lang);
  fillLabel(ui.deleteNo, "delete_no", lang);
  ui.closeLabel.textContent = plainLabel("close", lang);
  ui.heading.textContent = plainLabel("conversation", lang);
  ui.actions.setAttribute("aria-label", plainLabel("actions", lang));
  ui.langToggle.setAttribute("aria-label", plainLabel("language", lang));
  for (const button of ui.langToggle.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  for (const who of ui.transcript.querySelectorAll(".msg-from")) {
    fillLabel(who, who.dataset.key, lang);
  }
  renderHelpLines(config.crisis_lines);
  renderStatus();
  if (chat.typingShown) showTyping();
}

function renderStatus() {
  const parts = [];
  if (chat.state === "waiting_for_peer") parts.push("state_waiting");
  if (chat.state === "with_peer") parts.push("state_with_peer");
  if (chat.state === "closed") parts.push("state_closed");
  if (!chat.online) parts.push("offline");
  const text = parts.map((key) => plainLabel(key, chat.language)).join(" ");
  if (ui.status.textContent !== text) ui.status.textContent = text;
  ui.status.lang = chat.language || "cy";
  ui.root.dataset.state = chat.state;
  const closed = chat.state === "closed";
  ui.input.disabled = closed;
  ui.send.disabled = closed;
}

// -- "Get help now": the crisis numbers from the server, as tap-to-call links ---------------

function groupDigits(number) {
  const d = number.replace(/\D/g, "");
  if (d.length === 6) return `${d.slice(0, 3)} ${d.slice(3)}`;
  if (d.length === 10 && d.startsWith("0")) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  if (d.length === 11 && d.startsWith("0")) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  return d;
}

function lineItem(line, lang) {
  const item = document.createElement("li");
  item.lang = lang;
  const name = document.createElement("p");
  name.className = "line-name";
  name.textContent = line.name;
  const how = document.createElement("p");
  how.textContent = `${line.how} (${line.when})`;
  const links = document.createElement("p");
  links.className = "line-links";
  if (line.tel_href) {
    const call = document.createElement("a");
    call.className = "btn btn-call";
    call.href = line.tel_href;
    call.textContent = `${label("call", lang)} ${groupDigits(line.phone)}`;
    links.append(call);
  }
  if (line.sms_href) {
    const text = document.createElement("a");
    text.className = "btn btn-call";
    text.href = line.sms_href;
    text.textContent = `${label("text", lang)} ${groupDigits(line.sms)}`;
    links.append(" ", text);
  }
  item.append(name, how, links);
  return item;
}

function renderHelpLines(lines) {
  const langs = chat.language ? [chat.language] : ["cy", "en"];
  ui.helpLines.replaceChildren();
  for (const lang of langs) {
    for (const line of lines[lang] || []) ui.helpLines.append(lineItem(line, lang));
  }
}

async function refreshHelpLines() {
  const langs = chat.language ? [chat.language] : ["cy", "en"];
  try {
    for (const lang of langs) {
      const response = await fetch(`/api/crisis-lines?language=${lang}`);
      if (response.ok) config.crisis_lines[lang] = (await response.json()).lines;
    }
    renderHelpLines(config.crisis_lines);
  } catch {
    /* offline: the numbers that came with the page are still shown */
  }
}

function toggleHelp(open = ui.helpPanel.hidden) {
  ui.helpPanel.hidden = !open;
  ui.help.setAttribute("aria-expanded", String(open));
  if (open) refreshHelpLines();
}

// -- the transcript ------------------------------------------------------------------------

const URL_PATTERN = /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

function appendText(parent, text) {
  // Text only (never HTML from the server); web addresses become links.
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    parent.append(text.slice(last, match.index));
    const link = document.createElement("a");
    link.href = match[0];
    link.textContent = match[0];
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    parent.append(link);
    last = match.index + match[0].length;
  }
  parent.append(text.slice(last));
}

function renderText(container, text) {
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split("\n").filter((line) => line.trim());
    if (!lines.length) continue;
    let list = null;
    let para = null;
    for (const line of lines) {
      const bullet = /^\s*[-•*]\s+/.exec(line);
      if (bullet) {
        para = null;
        if (!list) {
          list = document.createElement("ul");
          container.append(list);
        }
        const item = document.createElement("li");
        appendText(item, line.slice(bullet[0].length));
        list.append(item);
      } else {
        list = null;
        if (para) para.append(document.createElement("br"));
        else {
          para = document.createElement("p");
          container.append(para);
        }
        appendText(para, line);
      }
    }
  }
}

function senderKey(from) {
  return { user: "from_user", peer: "from_peer", system: "from_system" }[from] || "from_bot";
}

function cardField(list, key, value, lang) {
  if (!value || (Array.isArray(value) && !value.length)) return;
  const term = document.createElement("dt");
  term.textContent = label(key, lang);
  const detail = document.createElement("dd");
  appendText(detail, Array.isArray(value) ? value.join(", ") : String(value));
  list.append(term, detail);
}

function renderCards(cards, lang) {
  const list = document.createElement("ul");
  list.className = "cards";
  for (const card of cards) {
    const item = document.createElement("li");
    item.className = "card";
    const title = document.createElement("h3");
    title.textContent = card.title || "";
    item.append(title);
    if (card.sample) {
      const note = document.createElement("p");
      note.className = "card-sample";
      note.textContent = label("card_sample", lang);
      item.append(note);
    }
    const fields = document.createElement("dl");
    cardField(fields, "card_when", card.when || card.starts_at, lang);
    cardField(fields, "card_where", card.place || card.area, lang);
    cardField(fields, "card_how", card.delivery, lang);
    cardField(fields, "card_language", card.language, lang);
    cardField(fields, "card_cost", card.cost, lang);
    cardField(fields, "card_booking", card.booking, lang);
    cardField(fields, "card_by", card.organisation, lang);
    item.append(fields);
    if (card.url && /^https?:\/\//.test(card.url)) {
      const link = document.createElement("a");
      link.href = card.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = `${label("card_link", lang)} ${card.title || ""} ${label("opens_new_tab", lang)}`;
      item.append(link);
    }
    list.append(item);
  }
  return list;
}

function buttonLang(payload) {
  const match = /^\/choose_language\{"language":\s*"(cy|en)"\}$/.exec(payload);
  return match ? match[1] : null;
}

function renderButtons(buttons) {
  const group = document.createElement("div");
  group.className = "quick-replies";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", plainLabel("replies", chat.language));
  for (const { title, payload } of buttons) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-reply";
    button.textContent = title;
    const lang = buttonLang(payload);
    if (lang) button.lang = lang;
    button.addEventListener("click", () => sendPayload(payload, title));
    group.append(button);
  }
  return group;
}

function messageElement(message) {
  const from = message.from || "bot";
  const item = document.createElement("li");
  item.className = `msg msg-${from}`;
  if (message.lang === "cy" || message.lang === "en") item.lang = message.lang;
  if (message.seq) item.dataset.seq = String(message.seq);
  const who = document.createElement("p");
  who.className = "msg-from";
  // The sender is named in the interface's language, whatever the message's language.
  who.dataset.key = senderKey(from);
  fillLabel(who, who.dataset.key, chat.language);
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  const cards = Array.isArray(message.cards) ? message.cards : [];
  if (cards.length) {
    // The same facts are in the text; show its first paragraph, the cards, and the text on request.
    renderText(bubble, message.text.split(/\n\s*\n/)[0]);
    bubble.append(renderCards(cards, item.lang || chat.language || "cy"));
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = label("as_text", item.lang || "cy");
    details.append(summary);
    renderText(details, message.text);
    bubble.append(details);
  } else {
    renderText(bubble, message.text || "");
  }
  item.append(who, bubble);
  if (Array.isArray(message.buttons) && message.buttons.length) {
    item.append(renderButtons(message.buttons));
  }
  return item;
}

function nearBottom() {
  const s = ui.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
}

function insertBySeq(element, seq) {
  const items = ui.transcript.children;
  for (let i = items.length - 1; i >= 0; i--) {
    const other = Number(items[i].dataset.seq || 0);
    if (!seq || !other || other < seq) {
      items[i].after(element);
      return;
    }
  }
  ui.transcript.prepend(element);
}

/** Show a message once (by seq); returns true if it was new. */
function addMessage(message, { announce = true } = {}) {
  const seq = Number(message.seq || 0);
  if (seq && chat.seen.has(seq)) return false;
  if (seq) {
    chat.seen.add(seq);
    chat.lastSeq = Math.max(chat.lastSeq, seq);
  }
  if (message.from === "user") {
    // Our own message coming back (history or stream): attach its seq to the bubble we drew.
    const pending = [...ui.transcript.querySelectorAll(".msg-user:not([data-seq])")].find(
      (el) => el.dataset.text === message.text,
    );
    if (pending) {
      pending.dataset.seq = String(seq);
      return false;
    }
    if (!message.text) return false; // a button press: nothing to show
  }
  const follow = nearBottom();
  if (message.buttons && message.buttons.length) retireButtons();
  const element = messageElement(message);
  insertBySeq(element, seq);
  if (follow || message.from === "user") ui.scroller.scrollTop = ui.scroller.scrollHeight;
  if (announce && message.from !== "user") {
    announceMessage(message);
    if (!chat.visible) {
      chat.unread += 1;
      tellHost({ type: "cymar:unread", count: chat.unread });
    }
  }
  return true;
}

function retireButtons() {
  // Only the latest quick replies stay; old ones would send answers to old questions.
  for (const group of ui.transcript.querySelectorAll(".quick-replies")) {
    if (group.contains(document.activeElement)) ui.input.focus();
    group.remove();
  }
}

function announceMessage(message) {
  const line = document.createElement("p");
  if (message.lang) line.lang = message.lang;
  line.textContent = `${plainLabel(senderKey(message.from), chat.language)}: ${message.text}`;
  ui.announcer.append(line);
  while (ui.announcer.children.length > 4) ui.announcer.firstElementChild.remove();
  setTimeout(() => line.remove(), 15000);
}

function showUserMessage(text) {
  const element = messageElement({ from: "user", text, lang: chat.language });
  element.dataset.text = text;
  element.classList.add("pending");
  ui.transcript.append(element);
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
  return element;
}

function setNote(element, key) {
  let note = element.querySelector(".msg-note");
  if (!key) {
    note?.remove();
    element.classList.remove("pending");
    return;
  }
  if (!note) {
    note = document.createElement("p");
    note.className = "msg-note";
    element.append(note);
  }
  fillLabel(note, key, chat.language);
}

function showTyping() {
  chat.typingShown = true;
  fillLabel(ui.typing, "typing", chat.language);
  ui.typing.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    ui.typing.hidden = true;
    chat.typingShown = false;
  }, 5000);
}

// -- errors --------------------------------------------------------------------------------

function showError(message, lang) {
  ui.error.replaceChildren();
  if (!message) {
    ui.input.removeAttribute("aria-invalid");
    return;
  }
  // Unknown language: the API sends Welsh, a blank line, then English.
  const parts = lang ? [[message, lang]] : message.split("\n\n").map((p, i) => [p, i ? "en" : "cy"]);
  for (const [text, partLang] of parts) {
    const p = document.createElement("p");
    p.lang = partLang;
    p.textContent = text;
    ui.error.append(p);
  }
  ui.input.setAttribute("aria-invalid", "true");
}

// -- the API -------------------------------------------------------------------------------

class NetworkError extends Error {
  // body: what the server said, when it answered at all (a 503 says why, in words).
  constructor(message, body = null) {
    super(message);
    this.body = body;
  }
}

async function api(path, options = {}, extraHeaders = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: { "content-type": "application/json", ...extraHeaders },
      cache: "no-store",
    });
  } catch (exc) {
    throw new NetworkError(String(exc));
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status >= 502) throw new NetworkError(`HTTP ${response.status}`, body);
  return {
    status: response.status,
    ok: response.ok,
    body,
    retryAfter: Number(response.headers.get("retry-after")) || 0,
  };
}

function applyTurn(body) {
  if (!body) return;
  if ("language" in body && body.language !== chat.language) {
    chat.language = body.language;
    applyLanguage();
  }
  for (const message of body.messages || []) addMessage(message);
  if (body.state) setState(body.state);
  saveState();
}

function setState(state) {
  if (state === chat.state) return;
  chat.state = state;
  renderStatus();
}

function setOnline(online) {
  if (chat.online === online) return;
  chat.online = online;
  renderStatus();
}

async function startConversation(notice) {
  const body = chat.language ? { language: chat.language } : {};
  const result = await api("/api/conversations", { method: "POST", body: JSON.stringify(body) });
  if (!result.ok) throw new NetworkError(`HTTP ${result.status}`);
  chat.id = result.body.conversation_id;
  chat.token = result.body.conversation_token || null;
  if (notice) showError(plainLabel(notice, chat.language), chat.language || "cy");
  applyTurn(result.body);
}

async function resumeConversation(saved) {
  chat.id = saved.id;
  chat.token = saved.token || null;
  chat.outbox = (saved.outbox || []).map((item) => ({ ...item }));
  const result = await api(`/api/conversations/${encodeURIComponent(saved.id)}`);
  if (result.status === 404) {
    clearState();
    chat.id = null;
    chat.outbox = [];
    return startConversation("expired");
  }
  if (!result.ok) throw new NetworkError(`HTTP ${result.status}`);
  // The whole history, quietly: announcing it all again would drown a screen reader.
  const body = result.body;
  chat.language = body.language;
  applyLanguage();
  for (const message of body.messages || []) addMessage(message, { announce: false });
  chat.state = body.state;
  renderStatus();
  // Unanswered messages go again (same client_message_id: answered once, never run twice).
  // One the server already stored shows in the history, so it is not drawn a second time.
  const users = (body.messages || []).filter((m) => m.from === "user");
  const lastUserText = users.length ? users[users.length - 1].text : null;
  for (const item of chat.outbox) {
    if (item.shown && item.shown !== lastUserText) item.element = showUserMessage(item.shown);
  }
  saveState();
}

async function boot() {
  applyLanguage();
  const saved = await loadState();
  try {
    if (saved && saved.id) await resumeConversation(saved);
    else await startConversation();
  } catch (exc) {
    if (!(exc instanceof NetworkError)) throw exc;
    showStartFailure();
    return;
  }
  connect();
  flush();
}

function showStartFailure() {
  showError(plainLabel("start_failed", chat.language), chat.language);
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "btn btn-quiet";
  fillLabel(retry, "retry", chat.language);
  retry.addEventListener("click", () => {
    showError(null);
    ui.input.focus();
    boot();
  });
  ui.error.append(retry);
}

// -- sending: every message has a client_message_id, so a resend is answered, not re-run ----

function queue(item) {
  chat.outbox.push(item);
  saveState();
  retireButtons();
  if (chat.id) flush();
  else ensureConversation();
}

/** After a deletion the next message starts a new conversation (none is made before). */
async function ensureConversation() {
  if (chat.id) return;
  if (!starting) {
    starting = startConversation()
      .then(() => {
        connect();
        flush();
      })
      .catch((exc) => {
        if (!(exc instanceof NetworkError)) throw exc;
        showStartFailure();
      })
      .finally(() => {
        starting = null;
      });
  }
  await starting;
}

function sendText(text) {
  const item = { client_message_id: newMessageId(), text, shown: text };
  item.element = showUserMessage(text);
  queue(item);
}

function sendPayload(payload, title) {
  const item = { client_message_id: newMessageId(), payload, shown: title };
  item.element = showUserMessage(title);
  if (buttonLang(payload)) item.element.lang = buttonLang(payload);
  queue(item);
}

async function flush() {
  if (flushing || !chat.id) return;
  flushing = true;
  try {
    while (chat.outbox.length) {
      const item = chat.outbox[0];
      const body = { client_message_id: item.client_message_id };
      if (item.payload) body.payload = item.payload;
      else body.text = item.text;
      if (item.element) setNote(item.element, "sending");
      let result;
      try {
        result = await api(`/api/conversations/${encodeURIComponent(chat.id)}/messages`, {
          method: "POST",
          body: JSON.stringify(body),
        });
      } catch (exc) {
        if (!(exc instanceof NetworkError)) throw exc;
        if (item.element) setNote(item.element, "not_sent");
        // A server that says why (it could not store the message) is not offline: show its
        // words, which carry the crisis numbers, and keep trying with the same id.
        const said = exc.body && exc.body.error;
        if (said && said.message) showError(said.message, said.lang || null);
        else setOnline(false);
        scheduleRetry();
        return;
      }
      if (result.status === 429) {
        // Held back for sending too fast: keep it, say so, send it when we may.
        setOnline(true);
        if (item.element) setNote(item.element, "held_back");
        const error = (result.body && result.body.error) || {};
        showError(error.message || plainLabel("held_back", chat.language), error.lang || null);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(flush, Math.max(1, result.retryAfter) * 1000);
        return;
      }
      chat.outbox.shift();
      setOnline(true);
      retryDelay = 1000;
      if (result.ok) {
        if (item.element) setNote(item.element, null);
        showError(null);
        applyTurn(result.body);
      } else {
        // Refused (too long, empty, closed…): take the bubble back, keep the words to edit.
        item.element?.remove();
        if (item.text && !ui.input.value) ui.input.value = item.text;
        const error = (result.body && result.body.error) || {};
        showError(error.message || plainLabel("start_failed", chat.language), error.lang || null);
        if (result.status === 404) {
          clearState();
          chat.outbox = [];
        }
        saveState();
      }
    }
  } finally {
    flushing = false;
  }
}

let retryDelay = 1000;
function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 15000);
}

// -- the live stream: peer messages, state changes, typing -------------------------------------

function connect() {
  if (!chat.id || exiting) return;
  clearTimeout(reconnectTimer);
  const url = new URL(
    `/api/conversations/${encodeURIComponent(chat.id)}/stream?after_seq=${chat.lastSeq}`,
    location.href,
  );
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url);
  socket = ws;
  ws.addEventListener("open", () => {
    reconnectDelay = 1000;
    setOnline(true);
    flush();
  });
  ws.addEventListener("message", (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (data.type === "message") {
      if (addMessage(data)) {
        saveState();
        markSeen();
      }
    } else if (data.type === "state") {
      setState(data.state);
    } else if (data.type === "typing" && data.from === "peer") {
      showTyping();
    }
  });
  ws.addEventListener("close", (event) => {
    if (socket !== ws || exiting) return;
    socket = null;
    if (event.code === 4404) return; // the conversation has gone; the next send says so
    setOnline(false);
    reconnectTimer = setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 20000);
  });
}

function streamSend(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

function markSeen() {
  if (chat.visible && document.visibilityState === "visible" && chat.lastSeq) {
    streamSend({ type: "seen", seq: chat.lastSeq });
  }
}

// -- the embedded widget talks to its loader on the host page -----------------------------

function tellHost(message) {
  if (config.embed && window.parent !== window) window.parent.postMessage(message, "*");
}

window.addEventListener("message", (event) => {
  if (!config.embed || event.source !== window.parent) return;
  const data = event.data || {};
  if (data.type === "cymar:open") {
    chat.visible = true;
    chat.unread = 0;
    ui.input.focus();
    markSeen();
  } else if (data.type === "cymar:hidden") {
    chat.visible = false;
  }
});

// -- "Leave this site quickly" --------------------------------------------------------------

function quickExit() {
  exiting = true;
  clearState();
  if (socket) socket.close();
  clearTimeout(retryTimer);
  clearTimeout(reconnectTimer);
  document.body.replaceChildren();
  document.title = "";
  if (config.embed && window.parent !== window) {
    tellHost({ type: "cymar:exit" });
    // If the loader is not listening, leave from here (a user gesture allows it).
    setTimeout(() => {
      try {
        window.top.location.replace(config.exit_url);
      } catch {
        location.replace(config.exit_url);
      }
    }, 300);
  } else {
    location.replace(config.exit_url);
  }
}

// -- "Delete this conversation" ------------------------------------------------------------

function openDeleteDialog() {
  ui.deleteError.replaceChildren();
  ui.deleteDialog.showModal();
  // The safe choice has focus; Escape or "No" closes and returns focus to the button.
  ui.deleteNo.focus();
}

function closeDeleteDialog() {
  if (ui.deleteDialog.open) ui.deleteDialog.close();
}

async function deleteConversation() {
  ui.deleteYes.disabled = true;
  try {
    if (chat.id) {
      const result = await api(
        `/api/conversations/${encodeURIComponent(chat.id)}`,
        { method: "DELETE" },
        chat.token ? { authorization: `Bearer ${chat.token}` } : {},
      );
      // 404: it had already gone (expired); the person's wish holds either way.
      if (!result.ok && result.status !== 404) {
        const error = (result.body && result.body.error) || {};
        showDeleteError(error.message || plainLabel("delete_failed", chat.language), error.lang);
        return;
      }
    }
    forgetLocally();
  } catch (exc) {
    if (!(exc instanceof NetworkError)) throw exc;
    showDeleteError(plainLabel("delete_failed", chat.language), chat.language);
  } finally {
    ui.deleteYes.disabled = false;
  }
}

function showDeleteError(message, lang) {
  ui.deleteError.replaceChildren();
  const parts = lang ? [[message, lang]] : message.split("\n\n").map((p, i) => [p, i ? "en" : "cy"]);
  for (const [text, partLang] of parts) {
    const p = document.createElement("p");
    p.lang = partLang;
    p.textContent = text;
    ui.deleteError.append(p);
  }
}

function forgetLocally() {
  const old = socket;
  socket = null;
  if (old) old.close();
  clearTimeout(retryTimer);
  clearTimeout(reconnectTimer);
  clearState();
  Object.assign(chat, { id: null, token: null, state: "bot", lastSeq: 0, outbox: [], unread: 0 });
  chat.seen.clear();
  ui.transcript.replaceChildren();
  ui.input.value = "";
  showError(null);
  const notice = document.createElement("li");
  notice.className = "chat-notice";
  fillLabel(notice, "deleted", chat.language);
  ui.transcript.append(notice);
  renderStatus();
  closeDeleteDialog();
  const said = document.createElement("p");
  said.textContent = plainLabel("deleted", chat.language);
  if (chat.language) said.lang = chat.language;
  ui.announcer.append(said);
  setTimeout(() => said.remove(), 15000);
  ui.input.focus();
}

ui.deleteButton.addEventListener("click", openDeleteDialog);
ui.deleteNo.addEventListener("click", closeDeleteDialog);
ui.deleteYes.addEventListener("click", deleteConversation);
ui.deleteDialog.addEventListener("close", () => {
  if (document.activeElement === document.body || ui.deleteDialog.contains(document.activeElement)) {
    ui.deleteButton.focus();
  }
});
ui.deleteDialog.addEventListener("keydown", (event) => {
  // Escape belongs to the dialog here, not to "close the widget".
  if (event.key === "Escape") event.stopPropagation();
});

// -- wiring ---------------------------------------------------------------------------------

function applyOptions() {
  if (config.embed) {
    document.body.classList.add("embedded");
    ui.close.hidden = false;
    ui.close.addEventListener("click", () => tellHost({ type: "cymar:close" }));
  }
  if (config.accent) {
    ui.root.style.setProperty("--accent", config.accent);
    ui.root.style.setProperty("--on-accent", readableOn(config.accent));
  }
}

function luminance(hex) {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text, whichever contrasts more with a host's chosen colour (>= 4.5:1). */
export function readableOn(hex) {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#0b0c0c" : "#ffffff";
}

ui.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = ui.input.value.trim();
  if (!text) {
    ui.input.focus();
    return;
  }
  ui.input.value = "";
  showError(null);
  sendText(text);
});

ui.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});

ui.input.addEventListener("input", () => {
  if (chat.state === "with_peer" && Date.now() - lastTypingSent > 3000) {
    lastTypingSent = Date.now();
    streamSend({ type: "typing" });
  }
});

ui.help.addEventListener("click", () => toggleHelp());
ui.talk.addEventListener("click", () => sendPayload("/talk_to_person", label("talk", chat.language)));
ui.exit.addEventListener("click", quickExit);
for (const button of ui.langToggle.querySelectorAll("button")) {
  button.addEventListener("click", () => {
    const lang = button.dataset.lang;
    sendPayload(`/choose_language{"language": "${lang}"}`, button.textContent);
  });
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (!ui.helpPanel.hidden && ui.helpPanel.contains(document.activeElement)) {
    toggleHelp(false);
    ui.help.focus();
    return;
  }
  if (config.embed) tellHost({ type: "cymar:close" });
});

document.addEventListener("visibilitychange", markSeen);
window.addEventListener("online", () => {
  retryDelay = 1000;
  flush();
  if (!socket) connect();
});

applyOptions();
boot();
