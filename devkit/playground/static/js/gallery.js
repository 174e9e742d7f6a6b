// The gallery: one sample of every block and element, rendered by blockkit.js as the playground
// renders messages and modals. Interactions are logged on the page (nothing is sent anywhere).
(function () {
  "use strict";

  const pt = (text) => ({ type: "plain_text", text, emoji: true });
  const md = (text) => ({ type: "mrkdwn", text });
  const opt = (text, value, description) => {
    const option = { text: pt(text), value };
    if (description) option.description = pt(description);
    return option;
  };

  const USERS = [
    { id: "UADA00001", name: "ada", real_name: "Ada (rep)" },
    { id: "UROB00002", name: "rob", real_name: "Rob (read-only)" },
    { id: "USAM00003", name: "sam", real_name: "Sam (admin)" },
  ];
  const ACCOUNTS = ["Acme Corp", "Acme Industries", "Globex", "Initech", "Umbrella Health", "Wayne Enterprises"];

  const SAMPLES = [
    {
      title: "Confirmation with link and Undo",
      blocks: [
        { type: "header", text: pt(":white_check_mark: Opportunity created") },
        {
          type: "section",
          block_id: "created",
          text: md("*<https://demo.my.salesforce.com/lightning/r/Opportunity/006000000000001AAA/view|Acme renewal>* for *Acme Corp*"),
          fields: [md("*Stage*\nProspecting"), md("*Amount*\n$50,000.00"), md("*Close date*\n2026-12-31"), md("*Owner*\n<@UADA00001>")],
        },
        {
          type: "actions",
          block_id: "undo_actions",
          elements: [
            { type: "button", action_id: "open_record", text: pt("Open in Salesforce"), url: "https://demo.my.salesforce.com/lightning/r/Opportunity/006000000000001AAA/view" },
            {
              type: "button", action_id: "undo", text: pt("Undo"), value: "intent-42", style: "danger",
              confirm: { title: pt("Undo this create?"), text: md("*Acme renewal* will be deleted."), confirm: pt("Undo"), deny: pt("Keep it"), style: "danger" },
            },
            { type: "button", action_id: "edit", text: pt("Edit"), value: "006000000000001AAA", style: "primary" },
          ],
        },
        { type: "context", elements: [md("Saved as Ada Rep in *demo* · <!date^1767225600^{date_short}|Dec 31>"), pt("Undo available for 15 minutes")] },
      ],
    },
    {
      title: "Mrkdwn",
      blocks: [
        {
          type: "section",
          block_id: "mrkdwn",
          text: md(
            "*bold* _italic_ ~strike~ `inline code` and *bold with _italic_ inside*\n" +
            "<https://example.com/page?a=1&amp;b=2|a link> · <https://example.com> · <mailto:ada@demo.example|mail Ada>\n" +
            "<@UADA00001> mentioned <#C0GENERAL|general> and <#C0SALES>; <!here> is highlighted\n" +
            "Entities: 3 &lt; 4 &amp;&amp; 5 &gt; 2 · snake_case_name stays plain · 2*3*4 is math\n" +
            "&gt; a quoted line\n&gt; and another\n" +
            "• first bullet\n• second with *bold*\n1. numbered\n2. list\n" +
            "```SELECT Id FROM Account\nWHERE Name = 'Acme' -- *not bold*```"
          ),
        },
      ],
    },
    {
      title: "Section accessories",
      blocks: [
        {
          type: "section", block_id: "acc_button", text: md("A section with a *button* accessory."),
          accessory: { type: "button", action_id: "acc_button", text: pt("Connect Salesforce"), style: "primary", value: "connect" },
        },
        {
          type: "section", block_id: "acc_overflow", text: md("An *overflow* menu."),
          accessory: {
            type: "overflow", action_id: "acc_overflow",
            options: [opt("Log a call", "call"), opt("Add a note", "note"), opt("Delete", "delete")],
          },
        },
        {
          type: "section", block_id: "acc_static", text: md("A *static_select* with option groups."),
          accessory: {
            type: "static_select", action_id: "acc_static", placeholder: pt("Pick a stage"),
            option_groups: [
              { label: pt("Open"), options: [opt("Prospecting", "Prospecting"), opt("Qualification", "Qualification")] },
              { label: pt("Closed"), options: [opt("Closed Won", "Closed Won"), opt("Closed Lost", "Closed Lost")] },
            ],
          },
        },
        {
          type: "section", block_id: "acc_external", text: md("An *external_select* (typeahead)."),
          accessory: { type: "external_select", action_id: "acc_external", placeholder: pt("Find an account"), min_query_length: 2 },
        },
        {
          type: "section", block_id: "acc_image", text: md("An *image* accessory."),
          accessory: { type: "image", image_url: "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='88' height='88'><rect width='88' height='88' fill='%2300a1e0'/><text x='44' y='54' font-size='28' text-anchor='middle' fill='white'>SF</text></svg>", alt_text: "Salesforce logo" },
        },
        {
          type: "section", block_id: "acc_date", text: md("A *datepicker*."),
          accessory: { type: "datepicker", action_id: "acc_date", initial_date: "2026-12-31" },
        },
      ],
    },
    {
      title: "Actions block",
      blocks: [
        {
          type: "actions",
          block_id: "actions_all",
          elements: [
            { type: "button", action_id: "btn_default", text: pt("Default"), value: "d" },
            { type: "button", action_id: "btn_primary", text: pt("Primary"), value: "p", style: "primary" },
            { type: "button", action_id: "btn_danger", text: pt("Danger"), value: "x", style: "danger" },
            { type: "static_select", action_id: "act_static", placeholder: pt("Record type"), options: [opt("New Business", "nb"), opt("Renewal", "rn")] },
            { type: "users_select", action_id: "act_users", placeholder: pt("Pick a user") },
            { type: "overflow", action_id: "act_overflow", options: [opt("Open", "open"), opt("Copy link", "copy")] },
          ],
        },
      ],
    },
    {
      title: "Image, context, divider",
      blocks: [
        { type: "image", block_id: "img", title: pt("Pipeline this quarter"), image_url: "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='320' height='120'><rect width='320' height='120' fill='%23f4f4f4'/><rect x='20' y='60' width='50' height='50' fill='%232eb67d'/><rect x='90' y='30' width='50' height='80' fill='%2336c5f0'/><rect x='160' y='45' width='50' height='65' fill='%23ecb22e'/><rect x='230' y='15' width='50' height='95' fill='%23e01e5a'/></svg>", alt_text: "A bar chart" },
        { type: "divider" },
        { type: "context", elements: [{ type: "image", image_url: "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'><circle cx='10' cy='10' r='10' fill='%2300a1e0'/></svg>", alt_text: "org" }, md("Connected to *demo* as rep@demo.example")] },
      ],
    },
    {
      title: "Unsafe text stays text",
      blocks: [
        {
          type: "section", block_id: "unsafe",
          text: md("&lt;img src=x onerror=alert(1)&gt; <javascript:alert(1)|click me> <script>alert(1)</script> @channel"),
        },
        { type: "section", block_id: "unsafe_plain", text: pt("<b>plain_text is never HTML</b> & stays as typed") },
      ],
    },
  ];

  const MODAL = {
    type: "modal",
    callback_id: "gallery_modal",
    title: pt("New opportunity"),
    submit: pt("Create"),
    close: pt("Cancel"),
    blocks: [
      { type: "input", block_id: "name", label: pt("Opportunity name"), element: { type: "plain_text_input", action_id: "value", placeholder: pt("Acme renewal"), max_length: 120 } },
      { type: "input", block_id: "account", label: pt("Account"), element: { type: "external_select", action_id: "value", placeholder: pt("Search accounts"), min_query_length: 2 }, hint: pt("Type two letters to search the org") },
      { type: "input", block_id: "contacts", optional: true, label: pt("Contact roles"), element: { type: "multi_external_select", action_id: "value", placeholder: pt("Search contacts"), min_query_length: 1 } },
      { type: "input", block_id: "stage", label: pt("Stage"), element: { type: "static_select", action_id: "value", initial_option: opt("Prospecting", "Prospecting"), options: [opt("Prospecting", "Prospecting"), opt("Qualification", "Qualification"), opt("Closed Won", "Closed Won")] } },
      { type: "input", block_id: "close_date", label: pt("Close date"), element: { type: "datepicker", action_id: "value", initial_date: "2026-12-31" } },
      { type: "input", block_id: "amount", optional: true, label: pt("Amount"), element: { type: "number_input", action_id: "value", is_decimal_allowed: true, min_value: "0" } },
      { type: "input", block_id: "description", optional: true, label: pt("Description"), element: { type: "plain_text_input", action_id: "value", multiline: true } },
      { type: "input", block_id: "owner", label: pt("Owner"), element: { type: "users_select", action_id: "value", initial_user: "UADA00001" } },
      { type: "input", block_id: "flags", optional: true, label: pt("Options"), element: { type: "checkboxes", action_id: "value", options: [{ text: md("*Notify* the owner"), value: "notify", description: pt("Sends a DM") }, opt("Private", "private")] } },
      { type: "input", block_id: "priority", label: pt("Priority"), element: { type: "radio_buttons", action_id: "value", initial_option: opt("Normal", "normal"), options: [opt("High", "high"), opt("Normal", "normal"), opt("Low", "low")] } },
      { type: "input", block_id: "channel", optional: true, label: pt("Announce in"), element: { type: "conversations_select", action_id: "value" } },
    ],
  };

  const log = document.getElementById("gallery-log");

  function record(kind, body) {
    const item = document.createElement("li");
    item.className = "log-" + kind;
    item.dataset.kind = kind;
    item.textContent = kind + " " + JSON.stringify(body);
    log.appendChild(item);
  }

  const ctx = {
    users: USERS,
    channels: [{ id: "C0GENERAL", name: "general" }, { id: "C0SALES", name: "sales" }],
    userName: (id) => (USERS.find((user) => user.id === id) || {}).real_name,
    channelName: (id) => ({ C0GENERAL: "general", C0SALES: "sales" })[id],
    fire: (action) => record("block_actions", action),
    suggest: (query) => {
      record("block_suggestion", query);
      const needle = query.value.toLowerCase();
      const options = ACCOUNTS.filter((name) => name.toLowerCase().includes(needle)).map((name, index) =>
        opt(name, "001" + String(index).padStart(15, "0")));
      return new Promise((resolve) => setTimeout(() => resolve({ options }), 50));
    },
  };

  const main = document.getElementById("gallery");

  function card(title, node, id) {
    const section = document.createElement("section");
    section.className = "gallery-card";
    if (id) section.id = id;
    const heading = document.createElement("h2");
    heading.textContent = title;
    section.append(heading, node);
    main.appendChild(section);
    return section;
  }

  SAMPLES.forEach((sample, index) => {
    const state = new BlockKit.StateStore();
    const message = document.createElement("div");
    message.className = "gallery-message";
    message.appendChild(BlockKit.renderBlocks(sample.blocks, Object.assign({}, ctx, { state })));
    card(sample.title, message, "sample-" + index);
  });

  // Legacy attachments.
  card("Legacy attachments", BlockKit.renderAttachments([
    { color: "good", title: "Acme renewal", text: "*Closed Won* for $50k", fields: [{ title: "Owner", value: "<@UADA00001>" }] },
    { color: "#e01e5a", text: "Something went wrong &lt;here&gt;" },
  ], ctx), "attachments");

  // A modal body, with a submit that shows errors under inputs the way `response_action: errors` does.
  const modalState = new BlockKit.StateStore();
  const modalBox = document.createElement("div");
  modalBox.className = "modal gallery-modal";
  function drawModal(errors) {
    modalBox.textContent = "";
    const head = document.createElement("div");
    head.className = "modal-head";
    head.textContent = BlockKit.plainOf(MODAL.title);
    const body = document.createElement("div");
    body.className = "modal-body";
    const blocks = BlockKit.keepInput(MODAL.blocks, modalState.values);
    body.appendChild(BlockKit.renderBlocks(blocks, Object.assign({}, ctx, { state: modalState, errors })));
    const foot = document.createElement("div");
    foot.className = "modal-foot";
    const close = document.createElement("button");
    close.className = "bk-button";
    close.textContent = BlockKit.plainOf(MODAL.close);
    const submit = document.createElement("button");
    submit.className = "bk-button bk-primary modal-submit";
    submit.textContent = BlockKit.plainOf(MODAL.submit);
    submit.addEventListener("click", () => {
      record("view_submission", modalState.values);
      const found = {};
      const name = modalState.values.name && modalState.values.name.value;
      if (!name || !name.value) found.name = "Enter a name for the opportunity.";
      const account = modalState.values.account && modalState.values.account.value;
      if (!account || !account.selected_option) found.account = "Pick an account: type two letters of its name.";
      drawModal(found);
    });
    foot.append(close, submit);
    modalBox.append(head, body, foot);
  }
  drawModal({});
  card("Modal (input blocks)", modalBox, "modal");

  window.galleryReady = true;
})();
