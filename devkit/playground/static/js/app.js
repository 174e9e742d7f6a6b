// The playground page: a Slack-like client for one simulated workspace. It only talks to the
// playground server's /api, which relays to devkit/slack (signed requests to the real bot) and
// reads the demo org's records from devkit/salesforce.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  const ui = {
    config: null,
    user: null,
    channel: null,
    tab: "channel", // or "home"
    seq: 0,
    messageNodes: new Map(), // ts → {key, node}
    dismissed: new Set(),
    modal: { viewId: null, hash: null, state: null, errors: {}, busy: false },
    homeKey: null,
    homeState: null,
    lastState: null,
  };

  // ---- server --------------------------------------------------------------------------

  async function api(path, body) {
    const response = await fetch("api/" + path, body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = { ok: false, error: "The playground server answered " + response.status + "." };
    }
    if (!response.ok || data.ok === false) {
      const message = (data && data.error) || "Request failed (" + response.status + ")";
      toast(message);
      throw new Error(message);
    }
    return data;
  }

  function toast(message) {
    const node = $("toast");
    node.textContent = message;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, 6000);
  }

  // ---- people and places ---------------------------------------------------------------

  function userById(id) {
    return ui.config.users.find((user) => user.id === id);
  }

  function userName(id) {
    if (id === ui.config.bot_user_id) return "sf";
    const user = userById(id);
    return user ? user.real_name || user.name : null;
  }

  function channelName(id) {
    const channel = ui.config.channels.find((item) => item.id === id);
    return channel ? channel.name : null;
  }

  function renderCtx(extra) {
    return Object.assign({
      users: ui.config.users,
      channels: ui.config.channels,
      userName,
      channelName,
    }, extra);
  }

  // ---- sidebar, switcher, panel --------------------------------------------------------

  function drawSidebar() {
    const list = $("channel-list");
    list.textContent = "";
    ui.config.channels.forEach((channel) => {
      const item = el("li");
      const button = el("button", "sidebar-item" + (ui.tab === "channel" && channel.id === ui.channel ? " active" : ""));
      button.type = "button";
      button.dataset.channelId = channel.id;
      button.appendChild(el("span", "hash", channel.is_private ? "\uD83D\uDD12" : "#"));
      button.appendChild(document.createTextNode(" " + channel.name));
      button.addEventListener("click", () => selectChannel(channel.id));
      item.appendChild(button);
      list.appendChild(item);
    });
    $("app-home-link").classList.toggle("active", ui.tab === "home");
  }

  function drawSwitcher() {
    const select = $("user-switcher");
    select.textContent = "";
    ui.config.users.forEach((user) => {
      const option = el("option", null, user.label || user.real_name);
      option.value = user.id;
      select.appendChild(option);
    });
    select.value = ui.user;
    select.addEventListener("change", () => {
      ui.user = select.value;
      closeLocalModal();
      ui.messageNodes.clear();
      $("messages").textContent = "";
      ui.homeKey = null;
      if (ui.tab === "home") openHome();
      refresh(true);
    });
    const logins = $("demo-logins");
    logins.textContent = "";
    ui.config.users.forEach((user) => {
      const item = el("li");
      item.appendChild(el("b", null, user.real_name));
      item.appendChild(document.createTextNode(" \u2192 " + (user.salesforce_username || user.email || "")));
      logins.appendChild(item);
    });
  }

  function drawRecords(records, acted) {
    const list = $("records");
    list.textContent = "";
    if (!ui.config.salesforce) return; // the intro already says there is no org to show
    if (!records || !records.length) {
      const text = acted ? "The last action changed nothing in the org." : "Nothing yet: create, update or log something.";
      list.appendChild(el("li", "records-empty", text));
      return;
    }
    records.forEach((record) => {
      const item = el("li", "record");
      item.dataset.recordId = record.id;
      item.appendChild(el("span", "record-op record-op-" + record.operation, record.operation));
      const link = el("a", "record-link", record.name || record.id);
      const href = Mrkdwn.safeUrl(record.url || "");
      if (href) link.href = href;
      link.target = "_blank";
      link.rel = "noopener";
      item.appendChild(link);
      item.dataset.object = record.object;
      const detail = el("span", "record-type", record.label || record.object);
      detail.appendChild(el("span", "record-id", record.linked_id || record.id));
      item.appendChild(detail);
      list.appendChild(item);
    });
  }

  function selectChannel(id) {
    ui.tab = "channel";
    ui.channel = id;
    ui.messageNodes.clear();
    $("messages").textContent = "";
    $("home-view").hidden = true;
    $("channel-view").hidden = false;
    const channel = ui.config.channels.find((item) => item.id === id);
    const prefix = channel && channel.is_private ? "\uD83D\uDD12 " : "# ";
    $("channel-title").textContent = prefix + (channel ? channel.name : id);
    $("channel-topic").textContent = channel && channel.topic ? channel.topic : "";
    $("composer-input").placeholder = "Message " + prefix.trim() + (channel ? channel.name : "");
    drawSidebar();
    refresh(true);
  }

  async function openHome() {
    ui.tab = "home";
    $("channel-view").hidden = true;
    $("home-view").hidden = false;
    drawSidebar();
    $("home-body").textContent = "";
    $("home-body").appendChild(el("div", "home-empty", "Opening the app\u2019s Home\u2026"));
    ui.homeKey = null;
    try {
      await api("home", { user: ui.user });
    } finally {
      refresh(true);
    }
  }

  // ---- messages ------------------------------------------------------------------------

  function clock(ts) {
    const date = new Date(parseFloat(ts) * 1000);
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function avatar(userId, isBot) {
    const name = isBot ? "sf" : userName(userId) || userId;
    const node = el("div", "avatar" + (isBot ? " avatar-bot" : ""), isBot ? "sf" : name.slice(0, 1).toUpperCase());
    const palette = ["#e01e5a", "#2eb67d", "#ecb22e", "#36c5f0", "#4a154b", "#1264a3"];
    if (!isBot) node.style.background = palette[[...userId].reduce((a, c) => a + c.charCodeAt(0), 0) % palette.length];
    return node;
  }

  function messageCtx(message) {
    return renderCtx({
      state: new BlockKit.StateStore(),
      fire: (action) => sendAction({ channel: message.channel, message_ts: message.ts, ephemeral: Boolean(message.ephemeral_to) }, action),
      suggest: (query) => api("suggest", Object.assign({ user: ui.user, channel: message.channel, message_ts: message.ts }, query)),
    });
  }

  function messageNode(message) {
    const isBot = Boolean(message.bot_id) || message.user === ui.config.bot_user_id;
    const node = el("div", "message" + (message.ephemeral_to ? " ephemeral" : ""));
    node.dataset.ts = message.ts;
    node.dataset.source = message.source || "";
    node.appendChild(avatar(message.user, isBot));
    const body = el("div", "message-body");
    const head = el("div", "message-head");
    head.appendChild(el("span", "message-author", isBot ? "sf" : userName(message.user) || message.user));
    if (isBot) head.appendChild(el("span", "app-badge", "APP"));
    head.appendChild(el("span", "message-time", clock(message.ts)));
    body.appendChild(head);
    const ctx = messageCtx(message);
    if (message.blocks && message.blocks.length) {
      body.appendChild(BlockKit.renderBlocks(message.blocks, ctx));
    } else if (message.text) {
      body.appendChild(Mrkdwn.render(message.text, ctx));
    }
    if (message.attachments && message.attachments.length) {
      body.appendChild(BlockKit.renderAttachments(message.attachments, ctx));
    }
    if (message.ephemeral_to) {
      const note = el("div", "ephemeral-note");
      note.appendChild(el("span", "eye", "\uD83D\uDC41"));
      note.appendChild(document.createTextNode(" Only visible to you "));
      const dismiss = el("button", "link-button", "Dismiss message");
      dismiss.type = "button";
      dismiss.addEventListener("click", () => {
        ui.dismissed.add(message.ts);
        node.remove();
        ui.messageNodes.delete(message.ts);
      });
      note.appendChild(dismiss);
      body.appendChild(note);
    }
    node.appendChild(body);
    if (!message.ephemeral_to && ui.config.shortcuts.length) node.appendChild(messageMenu(message));
    return node;
  }

  /** The "⋮" menu with the app's message shortcuts, as Slack shows on hover. */
  function messageMenu(message) {
    const wrap = el("div", "message-actions");
    const toggle = el("button", "message-more", "\u22EE");
    toggle.type = "button";
    toggle.setAttribute("aria-label", "More actions");
    const menu = el("div", "bk-menu message-menu");
    menu.hidden = true;
    menu.appendChild(el("div", "menu-caption", "sf"));
    ui.config.shortcuts.forEach((shortcut) => {
      const item = el("button", "bk-menu-item", shortcut.name);
      item.type = "button";
      item.dataset.callbackId = shortcut.callback_id;
      item.addEventListener("click", () => {
        menu.hidden = true;
        api("shortcut", { user: ui.user, channel: message.channel, message_ts: message.ts, callback_id: shortcut.callback_id })
          .finally(() => refresh(true));
      });
      menu.appendChild(item);
    });
    toggle.addEventListener("click", (event) => {
      event.stopPropagation();
      document.querySelectorAll(".message-menu").forEach((other) => { if (other !== menu) other.hidden = true; });
      menu.hidden = !menu.hidden;
    });
    wrap.append(toggle, menu);
    return wrap;
  }

  function drawMessages(messages) {
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const seen = new Set();
    let previous = null;
    messages.forEach((message) => {
      if (ui.dismissed.has(message.ts)) return;
      seen.add(message.ts);
      const key = JSON.stringify([message.text, message.blocks, message.attachments, message.ephemeral_to]);
      let entry = ui.messageNodes.get(message.ts);
      if (!entry || entry.key !== key) {
        const node = messageNode(message);
        if (entry) entry.node.replaceWith(node);
        entry = { key, node };
        ui.messageNodes.set(message.ts, entry);
      }
      const expected = previous ? previous.nextSibling : list.firstChild;
      if (expected !== entry.node) list.insertBefore(entry.node, expected);
      previous = entry.node;
    });
    for (const [ts, entry] of ui.messageNodes) {
      if (!seen.has(ts)) {
        entry.node.remove();
        ui.messageNodes.delete(ts);
      }
    }
    if (!list.firstChild) {
      const empty = el("div", "messages-empty");
      empty.appendChild(el("p", null, "This is the very beginning of the channel."));
      empty.appendChild(el("p", null, "Type /sf help below to see what the app can do."));
      list.appendChild(empty);
    } else {
      const empty = list.querySelector(".messages-empty");
      if (empty) empty.remove();
    }
    if (atBottom || messages.length !== ui.lastCount) list.scrollTop = list.scrollHeight;
    ui.lastCount = messages.length;
  }

  // ---- interactions --------------------------------------------------------------------

  async function sendAction(container, action) {
    try {
      await api("action", Object.assign({ user: ui.user, action }, container));
    } finally {
      refresh(true);
    }
  }

  async function submitComposer(event) {
    event.preventDefault();
    const input = $("composer-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    autosize();
    const slash = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
    try {
      if (slash) {
        await api("slash", { user: ui.user, channel: ui.channel, command: "/" + slash[1], text: slash[2] });
      } else {
        await api("message", { user: ui.user, channel: ui.channel, text });
      }
    } catch (error) {
      input.value = text; // keep what was typed when it did not go through
    }
    refresh(true);
  }

  function autosize() {
    const input = $("composer-input");
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 200) + "px";
  }

  // ---- modals --------------------------------------------------------------------------

  function closeLocalModal() {
    $("modal-root").textContent = "";
    ui.modal = { viewId: null, hash: null, state: null, errors: {}, busy: false };
  }

  function drawModal(stack) {
    const view = stack && stack.length ? stack[stack.length - 1] : null;
    if (!view) {
      if (ui.modal.viewId) closeLocalModal();
      return;
    }
    const same = ui.modal.viewId === view.id;
    if (same && ui.modal.hash === view.hash && !ui.modal.dirty) return;
    // What Slack holds for the view (kept across views.update), overlaid with what was typed here.
    const previous = Object.assign({}, (view.state && view.state.values) || {});
    if (same && ui.modal.state) {
      Object.entries(ui.modal.state.values).forEach(([blockId, actions]) => {
        previous[blockId] = Object.assign({}, previous[blockId] || {}, actions);
      });
    }
    if (!same) ui.modal.errors = {};
    ui.modal.viewId = view.id;
    ui.modal.hash = view.hash;
    ui.modal.dirty = false;
    ui.modal.state = new BlockKit.StateStore();
    const root = $("modal-root");
    const scroll = root.querySelector(".modal-body");
    const scrollTop = same && scroll ? scroll.scrollTop : 0;
    root.textContent = "";
    const overlay = el("div", "modal-overlay");
    const box = el("div", "modal");
    box.setAttribute("role", "dialog");
    box.dataset.viewId = view.id;
    box.dataset.callbackId = view.callback_id || "";
    const head = el("div", "modal-head");
    if (stack.length > 1) {
      const back = el("button", "modal-back", "\u2190");
      back.type = "button";
      back.setAttribute("aria-label", "Back");
      back.addEventListener("click", () => closeView(view, false));
      head.appendChild(back);
    }
    head.appendChild(el("span", "app-icon", "sf"));
    head.appendChild(el("span", "modal-title", BlockKit.plainOf(view.title)));
    const x = el("button", "modal-x", "\u00D7");
    x.type = "button";
    x.setAttribute("aria-label", "Close");
    x.addEventListener("click", () => closeView(view, true));
    head.appendChild(x);
    const body = el("div", "modal-body");
    const ctx = renderCtx({
      state: ui.modal.state,
      errors: ui.modal.errors,
      fire: (action) => sendAction({ view_id: view.id, values: ui.modal.state.values }, action),
      suggest: (query) => api("suggest", Object.assign({ user: ui.user, view_id: view.id }, query)),
    });
    body.appendChild(BlockKit.renderBlocks(BlockKit.keepInput(view.blocks, previous), ctx));
    box.append(head, body);
    const foot = el("div", "modal-foot");
    const close = el("button", "bk-button modal-close", BlockKit.plainOf(view.close) || "Cancel");
    close.type = "button";
    close.addEventListener("click", () => closeView(view, stack.length === 1));
    foot.appendChild(close);
    if (view.submit) {
      const submit = el("button", "bk-button bk-primary modal-submit", BlockKit.plainOf(view.submit));
      submit.type = "button";
      submit.addEventListener("click", () => submitView(view, submit));
      foot.appendChild(submit);
    }
    box.appendChild(foot);
    overlay.appendChild(box);
    root.appendChild(overlay);
    body.scrollTop = scrollTop;
  }

  async function submitView(view, button) {
    if (ui.modal.busy) return;
    ui.modal.busy = true;
    button.disabled = true;
    button.classList.add("busy");
    try {
      const answer = await api("submit", { user: ui.user, view_id: view.id, values: ui.modal.state.values });
      const errors = answer.response_action === "errors" ? answer.errors || {} : {};
      if (ui.modal.viewId === view.id) {
        ui.modal.errors = errors;
        ui.modal.dirty = true; // redraw with the errors (or without the old ones)
      }
    } catch (error) {
      // The toast says what went wrong; the modal stays as it was.
    } finally {
      ui.modal.busy = false;
      button.disabled = false;
      button.classList.remove("busy");
      await refresh(true);
      if (ui.modal.dirty && ui.lastState) drawModal(ui.lastState.views);
    }
  }

  async function closeView(view, all) {
    try {
      await api("close", { user: ui.user, view_id: view.id, all });
    } finally {
      refresh(true);
    }
  }

  // ---- home ----------------------------------------------------------------------------

  function drawHome(home) {
    if (ui.tab !== "home") return;
    const key = home ? home.id + ":" + home.hash : "none";
    if (key === ui.homeKey) return;
    ui.homeKey = key;
    const body = $("home-body");
    body.textContent = "";
    if (!home) {
      body.appendChild(el("div", "home-empty", "The app has not published a Home view for you yet."));
      return;
    }
    ui.homeState = new BlockKit.StateStore();
    body.appendChild(BlockKit.renderBlocks(home.blocks, renderCtx({
      state: ui.homeState,
      fire: (action) => sendAction({ view_id: home.id, values: ui.homeState.values }, action),
      suggest: (query) => api("suggest", Object.assign({ user: ui.user, view_id: home.id }, query)),
    })));
  }

  // ---- the state loop ------------------------------------------------------------------

  function apply(state) {
    ui.lastState = state;
    ui.seq = state.seq;
    if (ui.tab === "channel") drawMessages(state.messages || []);
    drawHome(state.home);
    drawModal(state.views || []);
    drawRecords(state.records || [], state.records_acted);
  }

  let inflight = null;

  /** Fetch the state now (`now`) or wait for the next change (long poll). */
  function refresh(now) {
    const params = new URLSearchParams({ user: ui.user, channel: ui.channel, since: now ? "0" : String(ui.seq) });
    const request = fetch("api/state?" + params.toString())
      .then((response) => response.json())
      .then((state) => {
        if (state.user === ui.user && state.channel === ui.channel) apply(state);
      });
    if (now) return request.catch(() => undefined);
    return request;
  }

  async function loop() {
    for (;;) {
      try {
        inflight = refresh(false);
        await inflight;
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  async function start() {
    ui.config = await api("config");
    ui.user = ui.config.default_user;
    ui.channel = ui.config.default_channel;
    $("workspace-name").textContent = ui.config.team_name;
    if (!ui.config.salesforce) {
      $("panel-intro").textContent = "This run has no Salesforce org.";
      document.querySelector(".panel-org").hidden = true;
    }
    drawSwitcher();
    selectChannel(ui.channel);
    $("composer").addEventListener("submit", submitComposer);
    $("composer-input").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) submitComposer(event);
    });
    $("composer-input").addEventListener("input", autosize);
    $("app-home-link").addEventListener("click", openHome);
    document.addEventListener("click", (event) => {
      // A click anywhere but on a menu or its toggle closes the open menus, as in Slack.
      document.querySelectorAll(".bk-menu").forEach((menu) => {
        if (!menu.parentElement.contains(event.target)) menu.hidden = true;
      });
    });
    await refresh(true);
    window.playgroundReady = true;
    loop();
  }

  start().catch((error) => toast("The playground could not start: " + error.message));
})();
