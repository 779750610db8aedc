// The playground page's behaviour, as one script (no build step): the command picker and its
// options, uploads, the channel as Discord renders it, buttons, menus, forms and the Apps menu.
// It expects COMMANDS (the bot's command definitions) and renderMarkdown to be defined before it.

export const PAGE_SCRIPT = `
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
const md = (s) => renderMarkdown(String(s ?? ""));
const OPTION = { SUBCOMMAND: 1, SUBCOMMAND_GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, ATTACHMENT: 11 };
const COMPONENT = { BUTTON: 2, STRING_SELECT: 3 };
const BUTTON_CLASS = { 1: "primary", 2: "", 3: "success", 4: "danger" };
const LINK_STYLE = 5;
const form = $("options");
const channel = $("channel");
const slash = COMMANDS.filter((c) => c.type === 1);
const menus = COMMANDS.filter((c) => c.type === 3);

// ── The command picker, built from the definitions Discord gets ───────────────────────────
$("command").innerHTML = slash.map((c) => '<option value="' + esc(c.name) + '">/' + esc(c.name) + "</option>").join("");
const current = () => slash.find((c) => c.name === $("command").value);
// A group's subcommands are listed by their full name ("option set"), as Discord shows them.
const subcommands = () =>
  (current().options ?? []).flatMap((o) =>
    o.type === OPTION.SUBCOMMAND
      ? [o]
      : o.type === OPTION.SUBCOMMAND_GROUP
        ? (o.options ?? []).map((s) => ({ ...s, name: o.name + " " + s.name, group: o.name, sub: s.name }))
        : [],
  );
function fieldsOf() {
  const subs = subcommands();
  if (subs.length === 0) return current().options ?? [];
  return subs.find((s) => s.name === $("subcommand").value)?.options ?? [];
}

function buildForm() {
  const subs = subcommands();
  $("subcommand-field").hidden = subs.length === 0;
  if (subs.length > 0 && !subs.some((s) => s.name === $("subcommand").value)) {
    $("subcommand").innerHTML = subs.map((s) => '<option value="' + esc(s.name) + '">' + esc(s.name) + " — " + esc(s.description) + "</option>").join("");
  }
  form.innerHTML = "";
  for (const o of fieldsOf()) form.append(...optionField(o));
  $("send").textContent = "Send /" + current().name + (subs.length ? " " + $("subcommand").value : "");
}

function optionField(o) {
  const label = document.createElement("label");
  label.textContent = o.name + (o.required ? " *" : "");
  label.title = o.description;
  label.htmlFor = "option-" + o.name;
  let field;
  if (o.choices || o.type === OPTION.BOOLEAN) {
    const choices = o.choices ?? [{ name: "true", value: "true" }, { name: "false", value: "false" }];
    field = document.createElement("select");
    field.innerHTML = '<option value="">—</option>' + choices.map((c) => '<option value="' + esc(c.value) + '">' + esc(c.name) + "</option>").join("");
  } else if (o.type === OPTION.ATTACHMENT) {
    field = document.createElement("input");
    field.type = "file";
    field.accept = "image/png,image/jpeg,image/webp";
  } else if (o.name === "prompt" || o.name === "negative_prompt") {
    field = document.createElement("textarea");
    field.rows = o.name === "prompt" ? 3 : 2;
  } else {
    field = document.createElement("input");
    field.type = o.type === OPTION.INTEGER ? "number" : "text";
    if (o.min_value !== undefined) field.min = o.min_value;
    if (o.max_value !== undefined) field.max = o.max_value;
  }
  field.name = o.name;
  field.id = "option-" + o.name;
  if (field.type !== "file" && field.tagName !== "SELECT") field.placeholder = o.description;
  const parts = [label, field];
  if (o.autocomplete) {
    const list = document.createElement("datalist");
    list.id = "choices-" + o.name;
    field.setAttribute("list", list.id);
    field.addEventListener("input", () => suggest(o, field, list));
    field.addEventListener("focus", () => suggest(o, field, list));
    parts.push(list);
  }
  return parts;
}
$("command").onchange = buildForm;
$("subcommand").onchange = buildForm;
buildForm();

/** The filled options, uploading attached files first (as Discord does before sending the command). */
async function filled({ upload } = { upload: false }) {
  const options = [];
  const attachments = [];
  for (const o of fieldsOf()) {
    const field = form.elements[o.name];
    if (o.type === OPTION.ATTACHMENT) {
      const file = field.files?.[0];
      if (!file || !upload) continue;
      const response = await fetch("/playground/attachments", { method: "POST", headers: { "Content-Type": file.type || "application/octet-stream", "X-Filename": encodeURIComponent(file.name) }, body: file });
      const attachment = await response.json();
      attachments.push(attachment);
      options.push({ name: o.name, type: o.type, value: attachment.id });
      continue;
    }
    const value = field.value.trim();
    if (value === "") continue;
    const typed = o.type === OPTION.INTEGER ? Number(value) : o.type === OPTION.BOOLEAN ? value === "true" : value;
    options.push({ name: o.name, type: o.type, value: typed });
  }
  const subs = subcommands();
  if (subs.length === 0) return { options, attachments };
  const chosen = subs.find((s) => s.name === $("subcommand").value);
  const sub = { name: chosen?.sub ?? $("subcommand").value, type: OPTION.SUBCOMMAND, options };
  if (!chosen?.group) return { options: [sub], attachments };
  return { options: [{ name: chosen.group, type: OPTION.SUBCOMMAND_GROUP, options: [sub] }], attachments };
}

async function send(action) {
  const response = await fetch("/playground/interact", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ manager: $("manager").checked, ...action }) });
  const answer = await response.json();
  refresh();
  return answer.response ?? {};
}

async function suggest(option, field, list) {
  const { options } = await filled();
  const others = options.filter((o) => o.name !== option.name);
  others.push({ name: option.name, type: option.type, value: field.value, focused: true });
  const answer = await send({ kind: "autocomplete", name: current().name, options: others });
  list.innerHTML = (answer.data?.choices ?? []).map((c) => '<option value="' + esc(c.value) + '">' + esc(c.name) + "</option>").join("");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const { options, attachments } = await filled({ upload: true });
  const name = current().name;
  const invocation = "/" + name + (subcommands().length ? " " + $("subcommand").value : "");
  // As Discord does: the prompt box empties once the command is sent, and the channel shows it.
  if (form.elements.prompt) form.elements.prompt.value = "";
  following = true;
  await send({ kind: "command", name, options, attachments, invocation });
  toNewest();
  setTimeout(showUsage, 1500);
});
// Enter sends, as in Discord's message box; Shift+Enter starts a new line.
form.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && event.target.name === "prompt") {
    event.preventDefault();
    form.requestSubmit();
  }
});

// ── Today's usage, read with /usage (the answer stays out of the channel) ──────────────────
async function showUsage() {
  const answer = await send({ kind: "command", name: "usage", options: [], silent: true });
  $("usage").innerHTML = md(answer.data?.content ?? "");
}
showUsage();
setInterval(showUsage, 15000);

// ── Ideogram's speed and webhooks (the emulator only) ──────────────────────────────────────
const setting = (values) =>
  fetch("/playground/settings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(values) });
$("latency")?.addEventListener("change", (event) => setting({ ideogramLatencyMs: Number(event.target.value) }));
$("webhooks")?.addEventListener("change", (event) => setting({ ideogramWebhooks: event.target.value }));
$("tokens")?.addEventListener("change", (event) => setting({ expireTokens: event.target.value === "expired" }));

// ── Buttons, menus, forms and the Apps menu ────────────────────────────────────────────────
async function press(component, messageId) {
  // A menu's "You used" line names what was chosen in it ("🔲 Reframe to another shape… › 16:9").
  const chosen = component.values && component.options?.find((o) => o.value === component.values[0]);
  const invocation = component.label ?? component.placeholder + (chosen ? " › " + chosen.label : "");
  following = true;
  const answer = await send({ kind: "component", custom_id: component.custom_id, component_type: component.type, messageId, invocation, ...(component.values ? { values: component.values } : {}) });
  if (answer.type === 9) openModal(answer.data);
}

function openModal(data) {
  const dialog = $("modal");
  const modalForm = $("modal-form");
  modalForm.innerHTML = "<h3>" + esc(data.title) + "</h3>" + data.components.map((c) => {
    const input = c.component;
    if (input.type === 3) {
      const options = input.options.map((o) => '<option value="' + esc(o.value) + '"' + (o.default ? " selected" : "") + ">" + esc(o.label) + "</option>").join("");
      return "<label>" + esc(c.label) + '</label><select name="' + esc(input.custom_id) + '" data-select>' + options + "</select>";
    }
    const tag = input.style === 2 ? "textarea" : "input";
    const limit = input.max_length ? ' maxlength="' + input.max_length + '"' : "";
    const hint = c.description ? '<div class="note">' + esc(c.description) + "</div>" : "";
    return "<label>" + esc(c.label) + "</label>" + hint + "<" + tag + ' name="' + esc(input.custom_id) + '"' + limit + (tag === "input" ? ' value="' + esc(input.value) + '">' : ' rows="4">' + esc(input.value) + "</textarea>");
  }).join("") + '<button class="primary" value="submit" id="modal-submit">Submit</button><button value="cancel">Cancel</button>';
  dialog.onclose = () => {
    if (dialog.returnValue !== "submit") return;
    const values = Object.fromEntries([...modalForm.querySelectorAll("[name]")].map((el) => [el.name, el.value]));
    const selects = [...modalForm.querySelectorAll("[data-select]")].map((el) => el.name);
    send({ kind: "modal", custom_id: data.custom_id, values, selects, invocation: data.title });
  };
  dialog.showModal();
}

function appsMenu(message) {
  if (menus.length === 0 || message.attachments.length === 0) return "";
  return '<div class="tools">' + menus.map((c) => '<button data-app="' + esc(c.name) + '" title="Apps › ' + esc(c.name) + '">Apps › ' + esc(c.name) + "</button>").join("") + "</div>";
}

// ── The channel ───────────────────────────────────────────────────────────────────────────
function renderEmbed(e) {
  const fields = (e.fields ?? []).map((f) => '<div class="field' + (f.inline ? "" : " wide") + '"><b>' + esc(f.name) + "</b>" + md(f.value) + "</div>").join("");
  const color = e.color === undefined ? "" : ' style="border-left-color:#' + e.color.toString(16).padStart(6, "0") + '"';
  return '<div class="embed"' + color + ">" + (e.title ? '<div class="title">' + md(e.title) + "</div>" : "") + (e.description ? "<div>" + md(e.description) + "</div>" : "") +
    (fields ? '<div class="fields">' + fields + "</div>" : "") + (e.footer ? '<div class="embed-footer">' + esc(e.footer.text) + "</div>" : "") + "</div>";
}

function renderComponents(rows, messageId) {
  const holder = document.createElement("div");
  holder.className = "components";
  for (const row of rows ?? []) {
    const line = document.createElement("div");
    for (const c of row.components ?? []) {
      if (c.type === COMPONENT.BUTTON && c.style === LINK_STYLE) {
        // A link button opens its page, as Discord does, and sends the bot nothing.
        const link = document.createElement("a");
        link.className = "link-button";
        link.href = c.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = (c.emoji?.name ? c.emoji.name + " " : "") + (c.label ?? "") + " ↗";
        line.append(link);
      } else if (c.type === COMPONENT.BUTTON) {
        const button = document.createElement("button");
        button.textContent = (c.emoji?.name ? c.emoji.name + " " : "") + (c.label ?? "");
        button.dataset.customId = c.custom_id;
        button.className = BUTTON_CLASS[c.style] ?? "";
        button.disabled = Boolean(c.disabled);
        button.onclick = () => press(c, messageId);
        line.append(button);
      } else if (c.type === COMPONENT.STRING_SELECT) {
        const select = document.createElement("select");
        select.dataset.customId = c.custom_id;
        select.innerHTML = '<option value="">' + esc(c.placeholder) + "</option>" + c.options.map((o) => '<option value="' + esc(o.value) + '">' + esc(o.label) + "</option>").join("");
        select.onchange = () => press({ ...c, values: [select.value] }, messageId);
        line.append(select);
      }
    }
    holder.append(line);
  }
  return holder;
}

const timeOf = (ms) => "Today at " + new Date(ms).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
/** On a phone the channel is part of the page (no scrolling box inside a scrolling page). */
const narrow = window.matchMedia("(max-width: 720px)");
const atBottom = () =>
  narrow.matches
    ? window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 60
    : channel.scrollTop + channel.clientHeight >= channel.scrollHeight - 60;
/** Whether the newest message is in view: new messages and late images keep it so. */
let following = true;
channel.addEventListener("scroll", () => { following = atBottom(); });
window.addEventListener("scroll", () => { if (narrow.matches) following = atBottom(); });
function toNewest() {
  if (!following) return;
  if (narrow.matches) channel.lastElementChild?.scrollIntoView({ block: "end" });
  else channel.scrollTop = channel.scrollHeight;
}
const dismissed = new Set();
const shown = new Map();

function renderMessage(m) {
  const reply = m.invocation ? '<div class="reply"><b>You</b> used <span class="command">' + esc(m.invocation) + "</span></div>" : "";
  const body = m.state === "thinking" ? '<div class="thinking">Imagine is thinking…</div>' : '<div class="body">' + md(m.content) + "</div>";
  const images = m.attachments.map((a) => '<a href="' + esc(a.url) + '" target="_blank"><img class="attachment" alt="' + esc(a.filename) + '" src="' + esc(a.url) + '"></a>').join("");
  const note = m.state === "ephemeral" ? '<div class="ephemeral-note">👁 Only you can see this • <a data-dismiss>Dismiss message</a></div>' : "";
  return reply + '<div class="avatar" aria-hidden="true">🎨</div>' + appsMenu(m) +
    '<div class="author"><span class="name">Imagine</span><span class="app-tag">APP</span><time datetime="' + new Date(m.createdAt).toISOString() + '">' + esc(timeOf(m.createdAt)) + "</time></div>" +
    body + m.embeds.map(renderEmbed).join("") +
    (images ? '<div class="images' + (m.attachments.length === 1 ? " single" : "") + '">' + images + "</div>" : "") + note;
}

async function refresh() {
  const state = await (await fetch("/playground/state")).json();
  let changed = false;
  for (const m of state.messages) {
    if (dismissed.has(m.id)) continue;
    const key = m.state + ":" + m.updatedAt;
    if (shown.get(m.id) === key) continue;
    shown.set(m.id, key);
    let el = channel.querySelector('[data-id="' + m.id + '"]');
    if (!el) {
      el = document.createElement("div");
      el.className = "message";
      el.dataset.id = m.id;
      channel.append(el);
    }
    el.dataset.state = m.state;
    el.innerHTML = renderMessage(m);
    el.append(renderComponents(m.components, m.id));
    el.querySelector("[data-dismiss]")?.addEventListener("click", () => { dismissed.add(m.id); el.remove(); });
    for (const button of el.querySelectorAll("[data-app]")) {
      button.onclick = () => send({ kind: "message_command", name: button.dataset.app, messageId: m.id, invocation: button.dataset.app });
    }
    // Images arrive after the message: keep the newest in view if it was in view.
    for (const img of el.querySelectorAll("img")) {
      img.addEventListener("load", toNewest);
      if (img.classList.contains("attachment")) img.addEventListener("load", () => markTransparent(img));
    }
    changed = true;
  }
  if (changed) toNewest();
}
/** Marks an image with see-through pixels, so a checkerboard shows behind it as image viewers do. */
function markTransparent(img) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.min(64, img.naturalWidth);
  canvas.height = Math.min(64, img.naturalHeight);
  if (!canvas.width || !canvas.height) return;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  const alpha = context.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < alpha.length; i += 4) {
    if (alpha[i] < 255) return img.classList.add("transparent");
  }
}
setInterval(refresh, 700);
refresh();
`;
