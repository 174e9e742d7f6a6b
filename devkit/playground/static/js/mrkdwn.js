// Slack mrkdwn → DOM, following https://docs.slack.dev/messaging/formatting-message-text
// Text arrives entity-escaped (&amp; &lt; &gt;) as Slack sends it. Every character of it ends up in
// a text node: nothing from a message is ever parsed as HTML.
(function (global) {
  "use strict";

  const EMOJI = {
    white_check_mark: "\u2705", heavy_check_mark: "\u2714\uFE0F", x: "\u274C",
    warning: "\u26A0\uFE0F", no_entry: "\u26D4", no_entry_sign: "\uD83D\uDEAB",
    information_source: "\u2139\uFE0F", memo: "\uD83D\uDCDD", pencil: "\uD83D\uDCDD",
    pencil2: "\u270F\uFE0F", link: "\uD83D\uDD17", tada: "\uD83C\uDF89", wave: "\uD83D\uDC4B",
    mag: "\uD83D\uDD0D", lock: "\uD83D\uDD12", unlock: "\uD83D\uDD13", key: "\uD83D\uDD11",
    bust_in_silhouette: "\uD83D\uDC64", busts_in_silhouette: "\uD83D\uDC65",
    calendar: "\uD83D\uDCC5", date: "\uD83D\uDCC5", spiral_calendar_pad: "\uD83D\uDDD3\uFE0F",
    moneybag: "\uD83D\uDCB0", dollar: "\uD83D\uDCB5", hourglass: "\u231B",
    hourglass_flowing_sand: "\u23F3", arrow_right: "\u27A1\uFE0F",
    leftwards_arrow_with_hook: "\u21A9\uFE0F", arrows_counterclockwise: "\uD83D\uDD04",
    rotating_light: "\uD83D\uDEA8", zap: "\u26A1", cloud: "\u2601\uFE0F", phone: "\uD83D\uDCDE",
    telephone_receiver: "\uD83D\uDCDE", email: "\uD83D\uDCE7", envelope: "\u2709\uFE0F",
    office: "\uD83C\uDFE2", briefcase: "\uD83D\uDCBC", handshake: "\uD83E\uDD1D",
    chart_with_upwards_trend: "\uD83D\uDCC8", bar_chart: "\uD83D\uDCCA", star: "\u2B50",
    bulb: "\uD83D\uDCA1", gear: "\u2699\uFE0F", wrench: "\uD83D\uDD27", trash: "\uD83D\uDDD1\uFE0F",
    wastebasket: "\uD83D\uDDD1\uFE0F", clipboard: "\uD83D\uDCCB", pushpin: "\uD83D\uDCCC",
    paperclip: "\uD83D\uDCCE", question: "\u2753", grey_question: "\u2754", eyes: "\uD83D\uDC40",
    thumbsup: "\uD83D\uDC4D", "+1": "\uD83D\uDC4D", thumbsdown: "\uD83D\uDC4E", smile: "\uD83D\uDE04",
    slightly_smiling_face: "\uD83D\uDE42", rocket: "\uD83D\uDE80", fire: "\uD83D\uDD25",
    sparkles: "\u2728", ballot_box_with_check: "\u2611\uFE0F", hammer_and_wrench: "\uD83D\uDEE0\uFE0F",
    red_circle: "\uD83D\uDD34", large_green_circle: "\uD83D\uDFE2", large_blue_circle: "\uD83D\uDD35",
    white_circle: "\u26AA", snowflake: "\u2744\uFE0F", ice_cube: "\uD83E\uDDCA",
    inbox_tray: "\uD83D\uDCE5", outbox_tray: "\uD83D\uDCE4", card_index: "\uD83D\uDCC7",
    page_facing_up: "\uD83D\uDCC4", bookmark_tabs: "\uD83D\uDCD1", label: "\uD83C\uDFF7\uFE0F",
    hand: "\u270B", raised_hand: "\u270B", stopwatch: "\u23F1\uFE0F", clock3: "\uD83D\uDD52",
    heavy_plus_sign: "\u2795", heavy_minus_sign: "\u2796", cloud_with_lightning: "\uD83C\uDF29\uFE0F",
    electric_plug: "\uD83D\uDD0C", satellite: "\uD83D\uDCE1", speech_balloon: "\uD83D\uDCAC",
  };

  const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

  /** Slack's three entities (and two harmless ones) back to characters, for text nodes. */
  function decode(text) {
    return text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
  }

  /** `:shortcode:` → emoji for the codes we know; unknown codes stay as typed, like Slack. */
  function emojify(text) {
    return text.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] || m);
  }

  const SAFE_URL = /^(https?:|mailto:|tel:)/i;

  function safeUrl(url) {
    const plain = decode(url.trim());
    return SAFE_URL.test(plain) ? plain : null;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Placeholders for atomic tokens: private-use code points, never present in real text.
  const PH_BASE = 0xe000;
  const PH_RE = /[\uE000-\uF8FF]/;

  /** One `<…>` token: links, mentions, special mentions, dates. */
  function angleToken(inner, ctx) {
    const bar = inner.indexOf("|");
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : null;
    if (target.startsWith("@")) {
      const id = target.slice(1);
      const name = label || (ctx.userName ? ctx.userName(id) : null) || id;
      const node = el("span", "mention mention-user", "@" + decode(name).replace(/^@/, ""));
      node.dataset.userId = id;
      return node;
    }
    if (target.startsWith("#")) {
      const id = target.slice(1);
      const name = label || (ctx.channelName ? ctx.channelName(id) : null) || id;
      const node = el("span", "mention mention-channel", "#" + decode(name).replace(/^#/, ""));
      node.dataset.channelId = id;
      return node;
    }
    if (target.startsWith("!")) {
      const special = target.slice(1);
      if (special.startsWith("date^")) {
        return document.createTextNode(decode(label || special));
      }
      if (special.startsWith("subteam^")) {
        return el("span", "mention mention-group", decode(label || "@group"));
      }
      return el("span", "mention mention-special", "@" + decode(special));
    }
    const href = safeUrl(target);
    if (!href) {
      // Not a link Slack would make: show exactly what was written.
      return document.createTextNode(decode("<" + inner + ">"));
    }
    const link = el("a", "link");
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = emojify(decode(label !== null ? label : target.replace(/^mailto:/i, "")));
    return link;
  }

  // Bold/italic/strike: the marker must follow a boundary and close before one, as in Slack.
  const BOUNDARY_BEFORE = "(^|[\\s(\\[{\"'.,;:!?\\u2014\\u2013\\-\\uE000-\\uF8FF])";
  const BOUNDARY_AFTER = "(?=$|[\\s)\\]}\"'.,;:!?\\u2014\\u2013\\-\\uE000-\\uF8FF])";
  const STYLES = [
    ["*", "b"],
    ["_", "i"],
    ["~", "s"],
  ].map(([mark, tag]) => {
    const m = "\\" + mark;
    return {
      tag,
      re: new RegExp(BOUNDARY_BEFORE + m + "([^\\s" + m + "](?:[^" + m + "\\n]*?[^\\s" + m + "])?)" + m + BOUNDARY_AFTER),
    };
  });

  /** Text that may hold placeholders → nodes appended to parent. */
  function emitText(parent, text, tokens) {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= PH_BASE && code <= 0xf8ff) {
        if (i > start) parent.appendChild(document.createTextNode(emojify(decode(text.slice(start, i)))));
        parent.appendChild(tokens[code - PH_BASE]);
        start = i + 1;
      }
    }
    if (start < text.length) parent.appendChild(document.createTextNode(emojify(decode(text.slice(start)))));
  }

  /** Apply bold/italic/strike recursively; the earliest match wins, its inside is parsed again. */
  function styled(parent, text, tokens) {
    let best = null;
    for (const style of STYLES) {
      const match = style.re.exec(text);
      if (match && (best === null || match.index < best.match.index)) best = { style, match };
    }
    if (!best) {
      emitText(parent, text, tokens);
      return;
    }
    const { style, match } = best;
    const lead = match[1];
    const begin = match.index + lead.length;
    emitText(parent, text.slice(0, begin), tokens);
    const node = el(style.tag);
    styled(node, match[2], tokens);
    parent.appendChild(node);
    styled(parent, text.slice(begin + match[2].length + 2), tokens);
  }

  /** One line (or paragraph) of inline mrkdwn. */
  function inline(parent, text, ctx) {
    const tokens = [];
    const hold = (node) => {
      tokens.push(node);
      return String.fromCharCode(PH_BASE + tokens.length - 1);
    };
    // Inline code first (its inside is literal), then <…> tokens.
    let work = text.replace(/(^|[^`])`([^`\n]+)`/g, (m, lead, code) => lead + hold(el("code", "code", decode(code))));
    work = work.replace(/<([^<>\n]+)>/g, (m, inner) => hold(angleToken(inner, ctx)));
    if (tokens.length > 0x1000 || PH_RE.test(text)) {
      // Pathological input (or private-use characters already in it): show it unstyled.
      parent.appendChild(document.createTextNode(decode(text)));
      return;
    }
    styled(parent, work, tokens);
  }

  const BULLET = /^(\s*)([\u2022\u25E6\u25AA*-]|\d+[.)])\s+(.*)$/;

  /** Lines → paragraphs, quotes and lists. */
  function lines(parent, text, ctx) {
    const rows = text.split("\n");
    let list = null;
    let listOrdered = false;
    let quote = null;
    rows.forEach((row, index) => {
      const quoteMatch = /^&gt;\s?(.*)$/.exec(row);
      const bullet = quoteMatch ? null : BULLET.exec(row);
      if (bullet) {
        const ordered = /\d/.test(bullet[2]);
        if (!list || listOrdered !== ordered) {
          list = el(ordered ? "ol" : "ul", "mrkdwn-list");
          if (ordered) list.start = parseInt(bullet[2], 10) || 1;
          listOrdered = ordered;
          parent.appendChild(list);
        }
        const item = el("li");
        if (bullet[1].length >= 2) item.className = "indent";
        inline(item, bullet[3], ctx);
        list.appendChild(item);
        quote = null;
        return;
      }
      list = null;
      if (quoteMatch) {
        if (!quote) {
          quote = el("blockquote", "quote");
          parent.appendChild(quote);
        } else {
          quote.appendChild(el("br"));
        }
        inline(quote, quoteMatch[1], ctx);
        return;
      }
      quote = null;
      const line = el("span", "line");
      inline(line, row, ctx);
      parent.appendChild(line);
      if (index < rows.length - 1) parent.appendChild(el("br"));
    });
  }

  /**
   * Render Slack mrkdwn into a new element.
   * @param {string} text entity-escaped mrkdwn as Slack sends it
   * @param {object} ctx userName(id) / channelName(id) lookups for mentions
   * @param {boolean} verbatim true leaves URLs and mentions in bare text alone (Slack's verbatim)
   */
  function render(text, ctx, verbatim) {
    ctx = ctx || {};
    const root = el("div", "mrkdwn");
    const source = String(text == null ? "" : text);
    // Code blocks split the text first: nothing inside them is formatted.
    const parts = source.split(/```/);
    parts.forEach((part, index) => {
      if (index % 2 === 1 && index < parts.length - 1) {
        root.appendChild(el("pre", "pre", decode(part.replace(/^\n/, "").replace(/\n$/, ""))));
        return;
      }
      const chunk = index % 2 === 1 ? "```" + part : part;
      if (!chunk) return;
      const span = el("span", "chunk");
      lines(span, chunk.replace(/^\n/, index > 0 ? "" : "\n").replace(/^\n/, ""), ctx);
      root.appendChild(span);
    });
    if (!verbatim) root.dataset.parsed = "1";
    return root;
  }

  /** Plain text (plain_text objects): entities decoded, emoji shortcodes when asked, nothing else. */
  function plain(text, emoji) {
    const value = decode(String(text == null ? "" : text));
    return emoji === false ? value : emojify(value);
  }

  global.Mrkdwn = { render, plain, decode, emojify, safeUrl };
})(window);
