// Every word the widget itself shows, Welsh and English side by side so neither is added alone.
// While the person's language is unknown, labels show Welsh first, then English.

export const LABELS = {
  help: { cy: "Cael help nawr", en: "Get help now" },
  help_heading: { cy: "Help brys nawr", en: "Urgent help now" },
  help_intro: {
    cy: "Mae'r llinellau hyn ar agor nawr. Os oes bywyd mewn perygl, ffoniwch 999.",
    en: "These lines are open now. If a life is in danger, call 999.",
  },
  call: { cy: "Ffonio", en: "Call" },
  text: { cy: "Tecstio", en: "Text" },
  talk: { cy: "Siarad â pherson", en: "Talk to a person" },
  exit: { cy: "Gadael y wefan yn gyflym", en: "Leave this site quickly" },
  close: { cy: "Cau'r sgwrs", en: "Close the chat" },
  language: { cy: "Iaith", en: "Language" },
  conversation: { cy: "Sgwrs", en: "Conversation" },
  message: { cy: "Eich neges", en: "Your message" },
  send: { cy: "Anfon", en: "Send" },
  actions: { cy: "Help a chymorth", en: "Help and support" },
  replies: { cy: "Atebion cyflym", en: "Quick replies" },
  from_user: { cy: "Chi", en: "You" },
  from_bot: { cy: "Cymar (cynorthwyydd awtomatig)", en: "Cymar (automated assistant)" },
  from_peer: { cy: "Gweithiwr cymorth cymheiriaid", en: "Peer supporter" },
  from_system: { cy: "Cymar", en: "Cymar" },
  state_waiting: {
    cy: "Yn aros am weithiwr cymorth cymheiriaid.",
    en: "Waiting for a peer supporter.",
  },
  state_with_peer: {
    cy: "Rydych chi'n siarad â gweithiwr cymorth cymheiriaid.",
    en: "You are talking to a peer supporter.",
  },
  state_closed: { cy: "Mae'r sgwrs hon wedi cau.", en: "This conversation has closed." },
  typing: {
    cy: "Mae'r gweithiwr cymorth yn teipio…",
    en: "The peer supporter is typing…",
  },
  sending: { cy: "Yn anfon…", en: "Sending…" },
  not_sent: {
    cy: "Heb ei anfon eto. Byddwn ni'n rhoi cynnig arall arni pan fydd y cysylltiad yn ôl.",
    en: "Not sent yet. We will try again when the connection is back.",
  },
  offline: {
    cy: "Mae'r cysylltiad wedi torri. Rydyn ni'n ceisio ailgysylltu…",
    en: "The connection has dropped. Trying to reconnect…",
  },
  back_online: { cy: "Rydych chi wedi ailgysylltu.", en: "You are connected again." },
  start_failed: {
    cy: "Allwn ni ddim cychwyn y sgwrs ar hyn o bryd. Rhowch gynnig arall arni mewn munud.",
    en: "We cannot start the chat right now. Please try again in a minute.",
  },
  retry: { cy: "Rhoi cynnig arall arni", en: "Try again" },
  expired: {
    cy: "Roedd eich sgwrs flaenorol wedi dod i ben, felly dyma un newydd.",
    en: "Your earlier conversation had ended, so here is a new one.",
  },
  card_when: { cy: "Pryd", en: "When" },
  card_where: { cy: "Ble", en: "Where" },
  card_how: { cy: "Sut", en: "How" },
  card_language: { cy: "Iaith", en: "Language" },
  card_cost: { cy: "Cost", en: "Cost" },
  card_booking: { cy: "Archebu", en: "Booking" },
  card_by: { cy: "Gan", en: "Run by" },
  card_link: { cy: "Mwy am", en: "More about" },
  card_sample: { cy: "Enghraifft, nid gwasanaeth go iawn", en: "Sample, not a real service" },
  opens_new_tab: { cy: "(yn agor mewn tab newydd)", en: "(opens in a new tab)" },
  as_text: { cy: "Dangos fel testun", en: "Show as text" },
  new_messages: { cy: "neges newydd", en: "new message" },
  delete: { cy: "Dileu'r sgwrs hon", en: "Delete this conversation" },
  delete_heading: { cy: "Dileu'r sgwrs hon?", en: "Delete this conversation?" },
  delete_body: {
    cy: "Bydd popeth yn y sgwrs hon yn cael ei ddileu o Cymar: eich negeseuon, ein hatebion, unrhyw sgwrs â gweithiwr cymorth cymheiriaid ac unrhyw gais i rywun gysylltu â chi. Does dim modd ei dadwneud. Os cofnododd gweithiwr cymorth cymheiriaid bryder diogelu, bydd y sefydliad yn cadw'r cofnod hwnnw, heb y sgwrs hon.",
    en: "Everything in this conversation will be deleted from Cymar: your messages, our replies, any chat with a peer supporter and any request for someone to contact you. It can't be undone. If a peer supporter recorded a safeguarding concern, the organisation keeps that record, without this conversation.",
  },
  delete_yes: { cy: "Ydw, dilëwch hi", en: "Yes, delete it" },
  delete_no: { cy: "Nac ydw, cadwch hi", en: "No, keep it" },
  deleted: {
    cy: "Mae'r sgwrs wedi'i dileu. Os byddwch chi'n ysgrifennu eto, byddwn ni'n dechrau sgwrs newydd.",
    en: "The conversation has been deleted. If you write again, we'll start a new conversation.",
  },
  delete_failed: {
    cy: "Allwn ni ddim dileu'r sgwrs ar hyn o bryd. Rhowch gynnig arall arni mewn munud.",
    en: "We couldn't delete the conversation right now. Please try again in a minute.",
  },
  held_back: {
    cy: "Byddwn ni'n anfon hon mewn eiliad.",
    en: "We'll send this in a moment.",
  },
};

export function label(key, lang) {
  const entry = LABELS[key];
  return lang === "en" ? entry.en : entry.cy;
}

/** Fill an element with a label: one language, or Welsh then English while unknown. */
export function fillLabel(element, key, lang) {
  const entry = LABELS[key];
  element.replaceChildren();
  if (lang === "cy" || lang === "en") {
    element.textContent = entry[lang];
    element.lang = lang;
    return;
  }
  element.removeAttribute("lang");
  const cy = document.createElement("span");
  cy.lang = "cy";
  cy.textContent = entry.cy;
  const en = document.createElement("span");
  en.lang = "en";
  en.className = "alt-lang";
  en.textContent = entry.en;
  element.append(cy, " ", en);
}

/** A plain-text label for attributes: Welsh then English while the language is unknown. */
export function plainLabel(key, lang) {
  const entry = LABELS[key];
  if (lang === "cy" || lang === "en") return entry[lang];
  return entry.cy === entry.en ? entry.cy : `${entry.cy} / ${entry.en}`;
}
