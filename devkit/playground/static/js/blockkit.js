// Block Kit → DOM, following https://docs.slack.dev/reference/block-kit/blocks and
// https://docs.slack.dev/reference/block-kit/block-elements. Every string from a payload goes into a
// text node or an attribute (never innerHTML), and links/images only take http(s) URLs.
(function (global) {
  "use strict";

  const M = global.Mrkdwn;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** A composition text object (plain_text or mrkdwn) → node. */
  function textObject(obj, ctx, className) {
    if (obj == null) return el("span", className);
    if (typeof obj === "string") return el("span", className, M.plain(obj));
    if (obj.type === "mrkdwn") {
      const node = M.render(obj.text, ctx, obj.verbatim);
      if (className) node.classList.add(className);
      return node;
    }
    return el("span", (className ? className + " " : "") + "plain", M.plain(obj.text, obj.emoji));
  }

  function plainOf(obj) {
    if (obj == null) return "";
    if (typeof obj === "string") return M.plain(obj);
    return M.plain(obj.text, obj.emoji);
  }

  function safeImage(url) {
    return typeof url === "string" && /^(https?:|data:image\/)/i.test(url) ? url : null;
  }

  /** Slack's confirmation dialog: resolves true when the user confirms. */
  function confirmDialog(confirm, ctx) {
    return new Promise((resolve) => {
      const overlay = el("div", "bk-confirm-overlay");
      const box = el("div", "bk-confirm");
      box.setAttribute("role", "alertdialog");
      box.appendChild(el("div", "bk-confirm-title", plainOf(confirm.title) || "Are you sure?"));
      box.appendChild(textObject(confirm.text, ctx, "bk-confirm-text"));
      const buttons = el("div", "bk-confirm-buttons");
      const deny = el("button", "bk-button", plainOf(confirm.deny) || "Cancel");
      const ok = el("button", "bk-button " + (confirm.style === "danger" ? "bk-danger" : "bk-primary"),
        plainOf(confirm.confirm) || "Yes");
      ok.dataset.confirm = "yes";
      deny.dataset.confirm = "no";
      const finish = (answer) => {
        overlay.remove();
        resolve(answer);
      };
      deny.addEventListener("click", () => finish(false));
      ok.addEventListener("click", () => finish(true));
      overlay.addEventListener("keydown", (event) => {
        if (event.key === "Escape") finish(false);
      });
      buttons.append(deny, ok);
      box.appendChild(buttons);
      overlay.appendChild(box);
      document.body.appendChild(overlay);
      ok.focus();
    });
  }

  /** Ask for confirmation when the element carries a `confirm` object, then run action. */
  function withConfirm(element, ctx, action) {
    if (!element.confirm) {
      action();
      return;
    }
    confirmDialog(element.confirm, ctx).then((yes) => {
      if (yes) action();
    });
  }

  function optionText(option) {
    return plainOf(option.text);
  }

  function cleanOption(option) {
    const out = { text: option.text, value: option.value };
    if (option.description) out.description = option.description;
    if (option.url) out.url = option.url;
    return out;
  }

  function allOptions(element) {
    if (element.options) return element.options;
    if (element.option_groups) return element.option_groups.flatMap((group) => group.options || []);
    return [];
  }

  // ---- elements ---------------------------------------------------------------------------

  /**
   * Fire a block action and record the element's state. `where` says which block it sits in and
   * whether an interaction should dispatch (always outside input blocks, on request inside them).
   */
  function interact(ctx, where, element, stateValue, actionExtra) {
    if (stateValue && ctx.state) ctx.state.set(where.blockId, element.action_id, stateValue);
    if (!where.dispatch || !ctx.fire) return;
    const action = Object.assign(
      { type: element.type, action_id: element.action_id, block_id: where.blockId },
      actionExtra || stateValue || {},
    );
    action.type = element.type;
    ctx.fire(action);
  }

  function button(element, ctx, where) {
    const styleClass = element.style === "primary" ? " bk-primary" : element.style === "danger" ? " bk-danger" : "";
    const node = el("button", "bk-button" + styleClass, plainOf(element.text));
    node.type = "button";
    node.dataset.actionId = element.action_id || "";
    if (element.accessibility_label) node.setAttribute("aria-label", element.accessibility_label);
    node.addEventListener("click", () => {
      withConfirm(element, ctx, () => {
        const url = element.url && M.safeUrl(element.url);
        if (url) global.open(url, "_blank", "noopener");
        const extra = { text: element.text };
        if (element.value !== undefined) extra.value = element.value;
        if (element.style) extra.style = element.style;
        interact(ctx, Object.assign({}, where, { dispatch: true }), element, null, extra);
      });
    });
    return node;
  }

  function overflow(element, ctx, where) {
    const wrap = el("div", "bk-overflow");
    const toggle = el("button", "bk-button bk-overflow-button", "\u22EF");
    toggle.type = "button";
    toggle.setAttribute("aria-label", "More actions");
    toggle.dataset.actionId = element.action_id || "";
    const menu = el("div", "bk-menu");
    menu.hidden = true;
    (element.options || []).forEach((option) => {
      const item = el("button", "bk-menu-item", optionText(option));
      item.type = "button";
      item.dataset.value = option.value;
      item.addEventListener("click", () => {
        menu.hidden = true;
        withConfirm(element, ctx, () => {
          const url = option.url && M.safeUrl(option.url);
          if (url) global.open(url, "_blank", "noopener");
          interact(ctx, Object.assign({}, where, { dispatch: true }), element, null, {
            selected_option: cleanOption(option),
          });
        });
      });
      menu.appendChild(item);
    });
    toggle.addEventListener("click", () => {
      menu.hidden = !menu.hidden;
    });
    wrap.append(toggle, menu);
    return wrap;
  }

  function staticSelect(element, ctx, where) {
    const node = el("select", "bk-select");
    node.dataset.actionId = element.action_id || "";
    const blank = el("option", null, plainOf(element.placeholder) || "Select an item");
    blank.value = "";
    // The placeholder shows while nothing is chosen; as in Slack, it is not a choice in the list.
    blank.disabled = true;
    blank.hidden = true;
    node.appendChild(blank);
    const byValue = {};
    const addOption = (parent, option) => {
      const item = el("option", null, optionText(option));
      item.value = option.value;
      byValue[option.value] = option;
      parent.appendChild(item);
    };
    if (element.option_groups) {
      element.option_groups.forEach((group) => {
        const optgroup = el("optgroup");
        optgroup.label = plainOf(group.label);
        (group.options || []).forEach((option) => addOption(optgroup, option));
        node.appendChild(optgroup);
      });
    } else {
      (element.options || []).forEach((option) => addOption(node, option));
    }
    const initial = element.initial_option ? element.initial_option.value : "";
    node.value = initial;
    const grey = () => node.classList.toggle("bk-placeholder", !node.value);
    grey();
    const state = () => ({
      type: element.type,
      selected_option: node.value ? cleanOption(byValue[node.value]) : null,
    });
    ctx.state && ctx.state.init(where.blockId, element.action_id, state());
    node.addEventListener("change", () => {
      grey();
      const apply = () => interact(ctx, where, element, state());
      if (element.confirm && where.dispatch) withConfirm(element, ctx, apply);
      else apply();
    });
    return node;
  }

  function usersSelect(element, ctx, where, multi) {
    const users = (ctx.users || []).map((user) => ({
      text: { type: "plain_text", text: user.real_name || user.name || user.id },
      value: user.id,
    }));
    if (multi) {
      const initial = (element.initial_users || [])
        .map((id) => users.find((user) => user.value === id))
        .filter(Boolean);
      return combobox(element, ctx, where, {
        multi: true,
        initial,
        minQueryLength: 0,
        load: (query) => Promise.resolve({ options: filterOptions(users, query) }),
        state: (selected) => ({ type: element.type, selected_users: selected.map((o) => o.value) }),
      });
    }
    const synthetic = Object.assign({}, element, {
      options: users,
      initial_option: users.find((user) => user.value === element.initial_user),
    });
    const node = staticSelect(synthetic, Object.assign({}, ctx, { state: null }), where);
    const state = () => ({ type: element.type, selected_user: node.value || null });
    ctx.state && ctx.state.init(where.blockId, element.action_id, state());
    node.addEventListener("change", () => interact(ctx, where, element, state()));
    // staticSelect's own listener fires with a null state store; ours records selected_user.
    return node;
  }

  function filterOptions(options, query) {
    const needle = (query || "").toLowerCase();
    return options.filter((option) => optionText(option).toLowerCase().includes(needle));
  }

  /**
   * A typeahead select (external_select, multi_*): a text box, a list of options loaded per
   * keystroke once the query is long enough, and chips for multi-selects.
   */
  function combobox(element, ctx, where, config) {
    const wrap = el("div", "bk-combo" + (config.multi ? " bk-combo-multi" : ""));
    wrap.dataset.actionId = element.action_id || "";
    const chips = el("div", "bk-chips");
    const input = el("input", "bk-combo-input");
    input.type = "text";
    input.placeholder = plainOf(element.placeholder) || "Select options";
    input.setAttribute("role", "combobox");
    input.setAttribute("autocomplete", "off");
    const menu = el("div", "bk-combo-menu");
    menu.setAttribute("role", "listbox");
    menu.hidden = true;
    let selected = (config.initial || []).slice();
    let seq = 0;
    let timer = null;
    // A menu near the bottom of a modal would be cut off by the modal's scrolling body; Slack
    // shows the whole list, so bring it into view.
    const reveal = () => {
      menu.hidden = false;
      if (menu.scrollIntoView) menu.scrollIntoView({ block: "nearest" });
    };

    const publish = (dispatch) => {
      const value = config.state(selected);
      if (dispatch) interact(ctx, where, element, value);
      else if (ctx.state) ctx.state.init(where.blockId, element.action_id, value);
    };

    const drawChips = () => {
      chips.textContent = "";
      if (!config.multi) {
        input.value = selected[0] ? optionText(selected[0]) : "";
        return;
      }
      selected.forEach((option, index) => {
        const chip = el("span", "bk-chip", optionText(option));
        chip.dataset.value = option.value;
        const remove = el("button", "bk-chip-remove", "\u00D7");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + optionText(option));
        remove.addEventListener("click", () => {
          selected.splice(index, 1);
          drawChips();
          publish(true);
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    };

    const choose = (option) => {
      const clean = cleanOption(option);
      if (config.multi) {
        if (!selected.some((item) => item.value === clean.value)) selected.push(clean);
        input.value = "";
      } else {
        selected = [clean];
      }
      menu.hidden = true;
      drawChips();
      publish(true);
    };

    const showOptions = (answer) => {
      menu.textContent = "";
      const addItems = (options) => {
        options.forEach((option) => {
          const item = el("div", "bk-combo-option", optionText(option));
          item.setAttribute("role", "option");
          item.dataset.value = option.value;
          if (option.description) item.appendChild(el("div", "bk-option-desc", plainOf(option.description)));
          item.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(option);
          });
          menu.appendChild(item);
        });
      };
      if (answer && answer.option_groups) {
        answer.option_groups.forEach((group) => {
          menu.appendChild(el("div", "bk-combo-group", plainOf(group.label)));
          addItems(group.options || []);
        });
      } else {
        addItems((answer && answer.options) || []);
      }
      if (!menu.firstChild) menu.appendChild(el("div", "bk-combo-empty", "No results"));
      reveal();
    };

    const search = () => {
      const query = input.value;
      const min = config.minQueryLength;
      if (query.length < min) {
        menu.textContent = "";
        const more = min - query.length;
        menu.appendChild(el("div", "bk-combo-empty", "Type " + more + " more character" + (more === 1 ? "" : "s") + "\u2026"));
        reveal();
        return;
      }
      const mine = ++seq;
      menu.classList.add("loading");
      config.load(query).then((answer) => {
        if (mine !== seq) return; // a newer keystroke has been answered or is on its way
        menu.classList.remove("loading");
        showOptions(answer);
      }, (error) => {
        if (mine !== seq) return;
        menu.classList.remove("loading");
        menu.textContent = "";
        menu.appendChild(el("div", "bk-combo-empty bk-combo-error", String(error && error.message ? error.message : error)));
        reveal();
      });
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener("focus", () => {
      if (!config.multi) input.select();
      search();
    });
    input.addEventListener("blur", () => {
      setTimeout(() => {
        menu.hidden = true;
        if (!config.multi) drawChips(); // restore the chosen option's text
      }, 150);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") menu.hidden = true;
      if (event.key === "Enter") {
        const first = menu.querySelector(".bk-combo-option");
        if (first && !menu.hidden) {
          event.preventDefault();
          first.dispatchEvent(new MouseEvent("mousedown"));
        }
      }
    });
    const control = el("div", "bk-combo-control");
    control.append(chips, input);
    wrap.append(control, menu);
    drawChips();
    publish(false);
    return wrap;
  }

  function externalSelect(element, ctx, where, multi) {
    const initial = multi ? element.initial_options || [] : element.initial_option ? [element.initial_option] : [];
    return combobox(element, ctx, where, {
      multi,
      initial: initial.map(cleanOption),
      minQueryLength: element.min_query_length === undefined ? 3 : element.min_query_length,
      load: (query) =>
        ctx.suggest
          ? ctx.suggest({ action_id: element.action_id, block_id: where.blockId, value: query })
          : Promise.resolve({ options: [] }),
      state: (selected) =>
        multi
          ? { type: element.type, selected_options: selected }
          : { type: element.type, selected_option: selected[0] || null },
    });
  }

  function multiStaticSelect(element, ctx, where) {
    const options = allOptions(element);
    return combobox(element, ctx, where, {
      multi: true,
      initial: (element.initial_options || []).map(cleanOption),
      minQueryLength: 0,
      load: (query) => Promise.resolve({ options: filterOptions(options, query) }),
      state: (selected) => ({ type: element.type, selected_options: selected }),
    });
  }

  function conversationsSelect(element, ctx, where) {
    const channels = (ctx.channels || []).map((channel) => ({
      text: { type: "plain_text", text: "#" + channel.name },
      value: channel.id,
    }));
    const key = element.type === "channels_select" ? "selected_channel" : "selected_conversation";
    const initialId = element.initial_channel || element.initial_conversation;
    const synthetic = Object.assign({}, element, {
      options: channels,
      initial_option: channels.find((channel) => channel.value === initialId),
    });
    const node = staticSelect(synthetic, Object.assign({}, ctx, { state: null }), where);
    const state = () => ({ type: element.type, [key]: node.value || null });
    ctx.state && ctx.state.init(where.blockId, element.action_id, state());
    node.addEventListener("change", () => interact(ctx, where, element, state()));
    return node;
  }

  function textInput(element, ctx, where) {
    const multiline = element.type === "plain_text_input" && element.multiline;
    const node = el(multiline ? "textarea" : "input", "bk-input");
    if (!multiline) {
      node.type = { email_text_input: "email", url_text_input: "url", number_input: "number" }[element.type] || "text";
    } else {
      node.rows = 4;
    }
    node.dataset.actionId = element.action_id || "";
    if (element.placeholder) node.placeholder = plainOf(element.placeholder);
    if (element.max_length) node.maxLength = element.max_length;
    if (element.min_length) node.minLength = element.min_length;
    if (element.type === "number_input") {
      node.step = element.is_decimal_allowed ? "any" : "1";
      if (element.min_value !== undefined) node.min = element.min_value;
      if (element.max_value !== undefined) node.max = element.max_value;
    }
    if (element.initial_value !== undefined) node.value = element.initial_value;
    // Slack sends null for an untouched empty input.
    const state = () => ({ type: element.type, value: node.value === "" ? null : node.value });
    ctx.state && ctx.state.init(where.blockId, element.action_id, state());
    node.addEventListener("input", () => ctx.state && ctx.state.set(where.blockId, element.action_id, state()));
    const triggers = (element.dispatch_action_config && element.dispatch_action_config.trigger_actions_on) || [
      "on_enter_pressed",
    ];
    if (where.dispatch) {
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !multiline && triggers.includes("on_enter_pressed")) {
          event.preventDefault();
          interact(ctx, where, element, state());
        }
      });
      if (triggers.includes("on_character_entered")) {
        node.addEventListener("input", () => interact(ctx, where, element, state()));
      }
    }
    return node;
  }

  function picker(element, ctx, where, kind) {
    const node = el("input", "bk-input bk-" + kind);
    node.type = kind;
    node.dataset.actionId = element.action_id || "";
    const initial = kind === "date" ? element.initial_date : element.initial_time;
    if (initial) node.value = initial;
    const key = kind === "date" ? "selected_date" : "selected_time";
    const state = () => ({ type: element.type, [key]: node.value || null });
    ctx.state && ctx.state.init(where.blockId, element.action_id, state());
    node.addEventListener("change", () => interact(ctx, where, element, state()));
    return node;
  }

  function choices(element, ctx, where, kind) {
    const wrap = el("div", "bk-choices bk-" + kind);
    wrap.dataset.actionId = element.action_id || "";
    const name = "bk-" + where.blockId + "-" + element.action_id + "-" + Math.random().toString(36).slice(2);
    const initial = kind === "checkbox"
      ? (element.initial_options || []).map((o) => o.value)
      : element.initial_option ? [element.initial_option.value] : [];
    const inputs = [];
    (element.options || []).forEach((option) => {
      const label = el("label", "bk-choice");
      const input = el("input");
      input.type = kind;
      input.name = name;
      input.value = option.value;
      input.checked = initial.includes(option.value);
      inputs.push([input, option]);
      const body = el("span", "bk-choice-body");
      body.appendChild(textObject(option.text, ctx, "bk-choice-text"));
      if (option.description) body.appendChild(textObject(option.description, ctx, "bk-option-desc"));
      label.append(input, body);
      wrap.appendChild(label);
    });
    const state = () => {
      const picked = inputs.filter(([input]) => input.checked).map(([, option]) => cleanOption(option));
      return kind === "checkbox"
        ? { type: element.type, selected_options: picked }
        : { type: element.type, selected_option: picked[0] || null };
    };
    ctx.state && ctx.state.init(where.blockId, element.action_id, state());
    wrap.addEventListener("change", () => interact(ctx, where, element, state()));
    return wrap;
  }

  function imageElement(element, className) {
    const url = safeImage(element.image_url);
    const node = el("img", className);
    if (url) node.src = url;
    node.alt = element.alt_text || "";
    node.title = element.alt_text || "";
    return node;
  }

  function unsupported(kind) {
    return el("span", "bk-unsupported", "[unsupported " + kind + "]");
  }

  /** Any interactive element or image → node. */
  function element(elem, ctx, where) {
    switch (elem.type) {
      case "button": return button(elem, ctx, where);
      case "overflow": return overflow(elem, ctx, where);
      case "static_select": return staticSelect(elem, ctx, where);
      case "external_select": return externalSelect(elem, ctx, where, false);
      case "multi_external_select": return externalSelect(elem, ctx, where, true);
      case "multi_static_select": return multiStaticSelect(elem, ctx, where);
      case "users_select": return usersSelect(elem, ctx, where, false);
      case "multi_users_select": return usersSelect(elem, ctx, where, true);
      case "conversations_select":
      case "channels_select": return conversationsSelect(elem, ctx, where);
      case "plain_text_input":
      case "email_text_input":
      case "url_text_input":
      case "number_input": return textInput(elem, ctx, where);
      case "datepicker": return picker(elem, ctx, where, "date");
      case "timepicker": return picker(elem, ctx, where, "time");
      case "checkboxes": return choices(elem, ctx, where, "checkbox");
      case "radio_buttons": return choices(elem, ctx, where, "radio");
      case "image": return imageElement(elem, "bk-accessory-image");
      default: return unsupported("element " + elem.type);
    }
  }

  // ---- rich_text (what users' own messages carry) ------------------------------------------

  function richInline(item, ctx) {
    switch (item.type) {
      case "text": {
        let node = document.createTextNode(item.text || "");
        const style = item.style || {};
        [["code", "code"], ["strike", "s"], ["italic", "i"], ["bold", "b"]].forEach(([flag, tag]) => {
          if (style[flag]) {
            const wrap = el(tag, flag === "code" ? "code" : null);
            wrap.appendChild(node);
            node = wrap;
          }
        });
        return node;
      }
      case "link": {
        const url = M.safeUrl(item.url || "");
        if (!url) return document.createTextNode(item.text || item.url || "");
        const link = el("a", "link", item.text || item.url);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        return link;
      }
      case "user": {
        const name = (ctx.userName && ctx.userName(item.user_id)) || item.user_id;
        return el("span", "mention mention-user", "@" + name);
      }
      case "channel": {
        const name = (ctx.channelName && ctx.channelName(item.channel_id)) || item.channel_id;
        return el("span", "mention mention-channel", "#" + name);
      }
      case "broadcast": return el("span", "mention mention-special", "@" + item.range);
      case "emoji": return document.createTextNode(M.emojify(":" + item.name + ":"));
      default: return document.createTextNode("");
    }
  }

  function richText(block, ctx) {
    const root = el("div", "bk-rich-text");
    (block.elements || []).forEach((part) => {
      const inlineAll = (parent, items) => (items || []).forEach((item) => parent.appendChild(richInline(item, ctx)));
      if (part.type === "rich_text_section") {
        const node = el("div", "rt-section");
        inlineAll(node, part.elements);
        root.appendChild(node);
      } else if (part.type === "rich_text_list") {
        const list = el(part.style === "ordered" ? "ol" : "ul", "mrkdwn-list");
        (part.elements || []).forEach((section) => {
          const item = el("li");
          inlineAll(item, section.elements);
          list.appendChild(item);
        });
        root.appendChild(list);
      } else if (part.type === "rich_text_quote") {
        const quote = el("blockquote", "quote");
        inlineAll(quote, part.elements);
        root.appendChild(quote);
      } else if (part.type === "rich_text_preformatted") {
        const pre = el("pre", "pre");
        inlineAll(pre, part.elements);
        root.appendChild(pre);
      }
    });
    return root;
  }

  // ---- blocks ------------------------------------------------------------------------------

  function section(block, ctx, where) {
    const node = el("div", "bk-section");
    const body = el("div", "bk-section-body");
    if (block.text) body.appendChild(textObject(block.text, ctx, "bk-section-text"));
    if (block.fields && block.fields.length) {
      const fields = el("div", "bk-fields");
      block.fields.forEach((field) => fields.appendChild(textObject(field, ctx, "bk-field")));
      body.appendChild(fields);
    }
    node.appendChild(body);
    if (block.accessory) {
      const accessory = el("div", "bk-accessory");
      accessory.appendChild(element(block.accessory, ctx, Object.assign({}, where, { dispatch: true })));
      node.appendChild(accessory);
    }
    return node;
  }

  function input(block, ctx, where) {
    const error = ctx.errors && ctx.errors[where.blockId];
    const node = el("div", "bk-input-block" + (error ? " has-error" : ""));
    const label = el("label", "bk-label", plainOf(block.label));
    if (block.optional) label.appendChild(el("span", "bk-optional", " (optional)"));
    node.appendChild(label);
    const inner = Object.assign({}, where, { dispatch: Boolean(block.dispatch_action) });
    if (block.element) node.appendChild(element(block.element, ctx, inner));
    if (error) node.appendChild(el("div", "bk-error", error));
    if (block.hint) node.appendChild(el("div", "bk-hint", plainOf(block.hint)));
    return node;
  }

  function context(block, ctx) {
    const node = el("div", "bk-context");
    (block.elements || []).forEach((item) => {
      if (item.type === "image") node.appendChild(imageElement(item, "bk-context-image"));
      else node.appendChild(textObject(item, ctx, "bk-context-text"));
    });
    return node;
  }

  function actions(block, ctx, where) {
    const node = el("div", "bk-actions");
    (block.elements || []).forEach((item) => {
      node.appendChild(element(item, ctx, Object.assign({}, where, { dispatch: true })));
    });
    return node;
  }

  function image(block, ctx) {
    const node = el("figure", "bk-image");
    if (block.title) node.appendChild(el("figcaption", "bk-image-title", plainOf(block.title)));
    node.appendChild(imageElement(block, "bk-image-img"));
    return node;
  }

  /** One block → node; `index` names blocks that came without a block_id. */
  function block(item, ctx, index) {
    const blockId = item.block_id || "blk" + index;
    const where = { blockId, dispatch: true };
    let node;
    switch (item.type) {
      case "section": node = section(item, ctx, where); break;
      case "header": node = el("div", "bk-header", plainOf(item.text)); break;
      case "divider": node = el("hr", "bk-divider"); break;
      case "context": node = context(item, ctx); break;
      case "actions": node = actions(item, ctx, where); break;
      case "image": node = image(item, ctx); break;
      case "input": node = input(item, ctx, where); break;
      case "rich_text": node = richText(item, ctx); break;
      default: node = el("div", "bk-block", null); node.appendChild(unsupported("block " + item.type));
    }
    node.classList.add("bk-block");
    node.dataset.blockId = blockId;
    node.dataset.blockType = item.type;
    return node;
  }

  /**
   * Render a list of blocks.
   * @param {Array} blocks Block Kit blocks
   * @param {object} ctx fire(action), suggest(query) → Promise, state (StateStore), errors
   *   ({block_id: message}), users ([{id, name, real_name}]), channels, userName(id), channelName(id)
   */
  function renderBlocks(blocks, ctx) {
    const root = el("div", "bk-blocks");
    (blocks || []).forEach((item, index) => root.appendChild(block(item, ctx || {}, index)));
    return root;
  }

  /** Legacy attachments (colour bar, text, fields, blocks), as bots still send them. */
  function renderAttachments(attachments, ctx) {
    const root = el("div", "bk-attachments");
    (attachments || []).forEach((att) => {
      const node = el("div", "bk-attachment");
      const color = /^#?[0-9a-f]{3,6}$/i.test(att.color || "")
        ? (att.color.startsWith("#") ? att.color : "#" + att.color)
        : { good: "#2eb67d", warning: "#ecb22e", danger: "#e01e5a" }[att.color] || "#dddddd";
      node.style.borderLeftColor = color;
      if (att.pretext) node.appendChild(M.render(att.pretext, ctx));
      if (att.title) node.appendChild(el("div", "bk-attachment-title", M.plain(att.title)));
      if (att.text) node.appendChild(M.render(att.text, ctx));
      if (att.fields && att.fields.length) {
        const fields = el("div", "bk-fields");
        att.fields.forEach((field) => {
          const cell = el("div", "bk-field");
          cell.appendChild(el("b", null, M.plain(field.title)));
          cell.appendChild(M.render(field.value, ctx));
          fields.appendChild(cell);
        });
        node.appendChild(fields);
      }
      if (att.blocks) node.appendChild(renderBlocks(att.blocks, ctx));
      if (att.footer) node.appendChild(el("div", "bk-context", M.plain(att.footer)));
      root.appendChild(node);
    });
    return root;
  }

  /** The `state.values` of a surface, as Slack sends it: block_id → action_id → value. */
  class StateStore {
    constructor() {
      this.values = {};
    }

    /** Record an element's value as rendered, before the user touches it. */
    init(blockId, actionId, value) {
      this.set(blockId, actionId, value);
    }

    set(blockId, actionId, value) {
      if (!this.values[blockId]) this.values[blockId] = {};
      this.values[blockId][actionId] = value;
    }
  }

  const KEEP = {
    plain_text_input: ["value", "initial_value"],
    email_text_input: ["value", "initial_value"],
    url_text_input: ["value", "initial_value"],
    number_input: ["value", "initial_value"],
    static_select: ["selected_option", "initial_option"],
    external_select: ["selected_option", "initial_option"],
    radio_buttons: ["selected_option", "initial_option"],
    multi_static_select: ["selected_options", "initial_options"],
    multi_external_select: ["selected_options", "initial_options"],
    checkboxes: ["selected_options", "initial_options"],
    datepicker: ["selected_date", "initial_date"],
    timepicker: ["selected_time", "initial_time"],
    users_select: ["selected_user", "initial_user"],
    multi_users_select: ["selected_users", "initial_users"],
    conversations_select: ["selected_conversation", "initial_conversation"],
    channels_select: ["selected_channel", "initial_channel"],
  };

  /**
   * Blocks of an updated view with what the user had entered kept, as Slack keeps input whose
   * block_id and action_id did not change.
   */
  function keepInput(blocks, values) {
    return (blocks || []).map((item) => {
      const elem = item.type === "input" ? item.element : null;
      const kept = elem && item.block_id && values[item.block_id] && values[item.block_id][elem.action_id];
      const rule = kept && KEEP[elem.type];
      if (!rule || kept.type !== elem.type || kept[rule[0]] == null) return item;
      const copy = Object.assign({}, elem, { [rule[1]]: kept[rule[0]] });
      return Object.assign({}, item, { element: copy });
    });
  }

  global.BlockKit = {
    renderBlocks,
    renderAttachments,
    textObject,
    plainOf,
    confirmDialog,
    StateStore,
    keepInput,
  };
})(window);
