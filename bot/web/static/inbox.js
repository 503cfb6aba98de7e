// The peer inbox: the queue, claims and the live chat over one websocket.
// Everything shown comes from the server; after a reconnect the server re-sends the queue
// and every open chat, so nothing depends on this page having stayed open.

const config = JSON.parse(document.getElementById("inbox-config").textContent);
const t = config.t;
const $ = (id) => document.getElementById(id);
const chats = new Map(); // request_id -> {conversation_id, language, messages: Map(seq -> msg)}
let current = null; // request_id shown
let socket = null;
let retry = 0;
let pending = new Map(); // client_id -> li element
let typingTimer = null;
let lastTypingSent = 0;

function announce(text) {
  // A polite live region separate from the transcript; cleared first so repeats are read.
  const region = $("announcer");
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

function alertNow(text) {
  const p = document.createElement("p");
  p.className = "alert";
  p.textContent = text;
  $("alerts").replaceChildren(p);
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/admin/ws`);
  socket.addEventListener("open", () => {
    retry = 0;
    $("connection").textContent = t.connected;
    $("connection").dataset.state = "open";
  });
  socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
  socket.addEventListener("close", (event) => {
    $("connection").textContent = t.connection_lost;
    $("connection").dataset.state = "closed";
    for (const li of pending.values()) li.querySelector(".status").textContent = t.not_sent;
    pending = new Map();
    // 4401: the session ended (signed out, idle or expired); 4403: not allowed here.
    if (event.code === 4401 || event.code === 4403) {
      location.href = `/admin/login?notice=session_ended&next=${encodeURIComponent(location.pathname)}`;
      return;
    }
    retry = Math.min(retry + 1, 6);
    window.setTimeout(connect, 500 * 2 ** retry);
  });
}

function handle(event) {
  switch (event.type) {
    case "queue": return renderQueue(event);
    case "chat": return openChat(event);
    case "claim_result":
      if (!event.won) alertNow(t.claimed_by_other);
      return;
    case "message": return addMessage(event.conversation_id, event);
    case "send_result": return sent(event);
    case "delivered": return delivered(event.conversation_id, event.seq);
    case "typing": return showTyping(event.conversation_id);
    case "safety_alert": alertNow(t.safety_alert); return;
    case "ended":
    case "released": return closeChat(event.request_id);
    case "flag_result": if (event.ok) announce(t.flagged); return;
    case "error":
      if (event.code === "storage_unavailable") alertNow(t.action_not_saved);
      return;
    default: return;
  }
}

function renderQueue(state) {
  const duty = $("duty");
  duty.setAttribute("aria-pressed", String(state.on_duty));
  duty.textContent = state.on_duty ? t.on_duty : t.off_duty;
  $("callback-count").textContent = String(state.open_callbacks);
  const list = $("queue-list");
  const before = new Set([...list.children].map((li) => li.dataset.id));
  list.replaceChildren(...state.waiting.map(queueItem));
  $("queue-empty").hidden = state.waiting.length > 0;
  const fresh = state.waiting.filter((r) => !before.has(String(r.request_id)));
  if (fresh.length && before.size >= 0) announce(`${t.queue}: ${state.waiting.length}`);
  const mine = $("mine-list");
  mine.replaceChildren(...state.mine.map((r) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = `${t.conversation} ${r.request_id} · ${t["language_" + r.language]}`;
    button.addEventListener("click", () => showChat(r.request_id));
    li.append(button);
    return li;
  }));
  $("mine-empty").hidden = state.mine.length > 0;
  const select = $("transfer-to");
  select.replaceChildren(...state.colleagues.map((c) => new Option(c.name, c.id)));
  $("no-colleagues").hidden = state.colleagues.length > 0;
}

function queueItem(request) {
  const li = document.createElement("li");
  li.className = request.urgent ? "card urgent" : "card";
  li.dataset.id = String(request.request_id);
  const heading = document.createElement("h3");
  heading.textContent = `${t["language_" + request.language]}${request.accepts_english && request.language === "cy" ? " (" + t.english_ok + ")" : ""}`;
  li.append(heading);
  if (request.urgent) {
    const tag = document.createElement("p");
    tag.className = "tag urgent-tag";
    tag.textContent = t.urgent;
    li.append(tag);
  }
  const since = document.createElement("p");
  since.textContent = `${t.waiting_since} ${request.waiting_since}`;
  li.append(since);
  if (request.topics) {
    const topics = document.createElement("p");
    topics.textContent = `${t.topics}: ${request.topics}`;
    li.append(topics);
  }
  const claim = document.createElement("button");
  claim.type = "button";
  claim.textContent = t.claim;
  claim.setAttribute("aria-describedby", `${heading.id = "req-" + request.request_id}`);
  claim.addEventListener("click", () => send({ type: "claim", request_id: request.request_id }));
  li.append(claim);
  return li;
}

function openChat(chat) {
  const messages = new Map(chat.messages.map((m) => [m.seq, m]));
  chats.set(chat.request_id, { ...chat, messages });
  if (current === null || current === chat.request_id) showChat(chat.request_id);
}

function showChat(requestId) {
  const chat = chats.get(requestId);
  if (!chat) return;
  current = requestId;
  $("chat").hidden = false;
  $("chat-empty").hidden = true;
  const meta = [t["language_" + chat.language]];
  if (chat.urgent) meta.push(t.urgent);
  if (chat.topics) meta.push(`${t.topics}: ${chat.topics}`);
  $("chat-meta").textContent = meta.join(" · ");
  $("transcript").replaceChildren(...[...chat.messages.values()].map(messageItem));
  $("chat-heading").focus();
}

function messageItem(message) {
  const li = document.createElement("li");
  li.className = `message from-${message.from}`;
  li.dataset.seq = String(message.seq ?? "");
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = t["from_" + message.from] || message.from;
  const text = document.createElement("p");
  text.lang = message.lang;
  text.textContent = message.text;
  li.append(who, text);
  if (message.while_waiting) {
    const note = document.createElement("span");
    note.className = "tag";
    note.textContent = t.sent_while_waiting;
    li.append(note);
  }
  if (message.from === "peer") {
    const status = document.createElement("span");
    status.className = "status";
    status.textContent = message.delivered ? t.delivered : t.sent;
    li.append(status);
  }
  return li;
}

function addMessage(conversationId, message) {
  for (const [requestId, chat] of chats) {
    if (chat.conversation_id !== conversationId) continue;
    if (chat.messages.has(message.seq)) return;
    chat.messages.set(message.seq, message);
    if (requestId === current) {
      $("transcript").append(messageItem(message));
      if (message.from === "user") {
        $("typing").textContent = "";
        announce(`${t.from_user}: ${message.text}`);
      }
    }
  }
}

function sent(result) {
  const li = pending.get(result.client_id);
  pending.delete(result.client_id);
  if (!li) return;
  if (!result.ok) {
    li.querySelector(".status").textContent =
      result.reason === "storage_unavailable" ? t.not_saved : t.not_sent;
    return;
  }
  li.dataset.seq = String(result.seq);
  li.remove(); // the stored copy arrives as a "message" event with its seq
}

function delivered(conversationId, seq) {
  for (const chat of chats.values()) {
    if (chat.conversation_id !== conversationId) continue;
    const message = chat.messages.get(seq);
    if (message) message.delivered = true;
  }
  const li = $("transcript").querySelector(`li[data-seq="${seq}"] .status`);
  if (li) li.textContent = t.delivered;
}

function showTyping(conversationId) {
  const chat = chats.get(current);
  if (!chat || chat.conversation_id !== conversationId) return;
  $("typing").textContent = t.typing;
  window.clearTimeout(typingTimer);
  typingTimer = window.setTimeout(() => { $("typing").textContent = ""; }, 4000);
}

function closeChat(requestId) {
  chats.delete(requestId);
  if (current === requestId) {
    current = null;
    $("chat").hidden = true;
    $("chat-empty").hidden = false;
    announce(t.ended);
  }
}

function sendText(text) {
  if (current === null || !text.trim()) return;
  const clientId = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const li = messageItem({ from: "peer", text, lang: chats.get(current).language });
  li.querySelector(".status").textContent = t.sending;
  $("transcript").append(li);
  if (!send({ type: "send", request_id: current, text, client_id: clientId })) {
    li.querySelector(".status").textContent = t.not_sent;
    return;
  }
  pending.set(clientId, li);
}

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const box = $("message");
  sendText(box.value);
  box.value = "";
  box.focus();
});
$("message").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    $("send-form").requestSubmit();
  }
});
$("message").addEventListener("input", () => {
  if (current !== null && Date.now() - lastTypingSent > 2000) {
    lastTypingSent = Date.now();
    send({ type: "typing", request_id: current });
  }
});
$("duty").addEventListener("click", () => {
  send({ type: "duty", on: $("duty").getAttribute("aria-pressed") !== "true" });
});
$("transfer-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const to = $("transfer-to").value;
  if (current !== null && to) send({ type: "transfer", request_id: current, to: Number(to) });
});
$("flag-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (current === null) return;
  send({ type: "flag", request_id: current, note: $("flag-note").value });
  $("flag-note").value = "";
});
$("end-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (current === null) return;
  send({ type: "end", request_id: current, note: $("end-note").value });
  $("end-note").value = "";
});
$("quick-replies").replaceChildren(...config.quick_replies.map((q) => {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  const language = () => (chats.get(current)?.language === "en" ? "en" : "cy");
  button.textContent = q[config.lang];
  button.addEventListener("click", () => sendText(q[language()]));
  li.append(button);
  return li;
}));
window.setInterval(() => send({ type: "ping" }), 15000);
connect();
