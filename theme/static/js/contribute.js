// The writing form on the "Write for us" page. Every field, length, allowed
// value and message comes from the rules file the build writes from the
// Python rules table (plugins/guest_posts/rules.py, guest-rules.json): this
// script has none of its own. It composes the same file `invoke
// check-contribution` reads, shows a preview (Markdown by marked, cleaned by
// DOMPurify with the guest sanitiser's allowlist), and stores nothing unless
// the writer ticks "Keep a draft on this device". Nothing is sent anywhere.
(function () {
  "use strict";
  var root = document.getElementById("guest-writer");
  if (!root || !window.fetch || !window.marked || !window.DOMPurify) return;
  var form = root.querySelector("form");
  var summary = document.getElementById("error-summary");
  var summaryList = summary.querySelector("ul");
  var body = form.querySelector("[data-body]");
  var keep = form.querySelector("[data-keep]");
  var preview = root.querySelector("[data-preview]");
  var previewBody = root.querySelector("[data-preview-body]");
  var storageKey = root.dataset.storageKey;
  var pageName = document.title;
  var rules = null;
  var timer = null;

  function fill(template, values) {
    return template.replace(/\{([a-z_-]+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function input(rule) {
    return form.elements.namedItem(rule.name);
  }

  function isYes(value) {
    return rules.yes.indexOf(String(value).trim().toLowerCase()) >= 0;
  }

  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // The value each header field gets, by name ("" leaves the line out).
  function values() {
    var found = {};
    rules.fields.forEach(function (rule) {
      var element = input(rule);
      if (rule.form === "checkbox") {
        found[rule.name] = element.checked ? rule.values[0] : rule.values[1];
      } else if (rule.form === "today") {
        found[rule.name] = today();
      } else if (rule.form === "first-value") {
        found[rule.name] = rule.values[0];
      } else if (element) {
        found[rule.name] = oneLine(element.value);
      }
    });
    rules.fields.forEach(function (rule) {
      if (rule.required_unless && isYes(found[rule.required_unless] || "")) {
        found[rule.name] = "";
      }
    });
    return found;
  }

  function bodyText() {
    return body.value.replace(/\r\n?/g, "\n").replace(/\s+$/, "");
  }

  // The file, exactly as a contributor would write it by hand.
  function compose() {
    var found = values();
    var lines = [];
    rules.fields.forEach(function (rule) {
      if (found[rule.name]) lines.push(rule.label + ": " + found[rule.name]);
    });
    return lines.join("\n") + "\n\n" + bodyText() + "\n";
  }

  function slug(text) {
    var value = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    rules.slug_substitutions.forEach(function (pair) {
      value = value.replace(new RegExp(pair[0], "gi"), pair[1]);
    });
    return value.toLowerCase().trim();
  }

  function fileName() {
    return slug(values()[rules.slug_from] || "") + ".md";
  }

  // Problems as [{id, text}], in the order of the form.
  function check() {
    var found = values();
    var problems = [];
    var messages = rules.messages;
    var sentenceEnd = new RegExp(rules.patterns.sentence_end, "g");
    rules.fields.forEach(function (rule) {
      var element = input(rule);
      if (!element || rule.form === "checkbox") return;
      var value = oneLine(element.value);
      var needed = rule.required ||
        (rule.required_unless && !isYes(found[rule.required_unless] || ""));
      var text = "";
      var facts = { what: rule.what, label: rule.form_label, max: rule.max_length,
        count: value.length, fill_in: rules.fill_in, name: rules.anonymous_name };
      if (needed && !value) {
        text = messages.missing;
      } else if (value.indexOf(rules.fill_in) >= 0) {
        text = messages.fill_in;
      } else if (rule.max_length && value.length > rule.max_length) {
        text = messages.too_long;
      } else if (rule.required_unless && needed &&
          value.toLowerCase() === rules.anonymous_name.toLowerCase()) {
        text = messages.anonymous_name;
      } else if (rule.max_sentences &&
          (value.match(sentenceEnd) || []).length > rule.max_sentences) {
        facts.max = rule.max_sentences;
        text = messages.too_many_sentences;
      }
      if (text) problems.push({ id: element.id, text: fill(text, facts) });
    });
    if (found[rules.slug_from] && !slug(found[rules.slug_from])) {
      problems.push({ id: input({ name: rules.slug_from }).id, text: messages.slug_empty });
    }
    var heading = new RegExp(rules.patterns.title_heading);
    var file = compose();
    var header = file.split("\n\n")[0].split("\n").length + 2;
    bodyText().split("\n").some(function (line, index) {
      if (!heading.test(line)) return false;
      problems.push({ id: body.id, text: fill(messages.title_heading, { line: header + index }) });
      return true;
    });
    var size = new Blob([file]).size;
    if (size > rules.max_bytes) {
      problems.push({ id: body.id, text: fill(messages.too_big, { count: size, max: rules.max_bytes }) });
    }
    return problems;
  }

  function clearErrors() {
    form.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
      var described = element.getAttribute("aria-describedby").split(" ");
      element.setAttribute("aria-describedby", described.filter(function (id) {
        return id !== element.id + "-error";
      }).join(" "));
    });
    form.querySelectorAll(".error-message").forEach(function (message) {
      message.hidden = true;
      message.textContent = "";
      message.parentNode.classList.remove("form-group-error");
    });
    while (summaryList.firstChild) summaryList.removeChild(summaryList.firstChild);
    summary.hidden = true;
    document.title = pageName;
  }

  // GOV.UK's pattern: a summary at the top that takes focus, each message
  // linked to its field, and the same message above the field.
  function showErrors(problems) {
    clearErrors();
    if (!problems.length) return true;
    var seen = {};
    problems.forEach(function (problem) {
      var element = document.getElementById(problem.id);
      var message = document.getElementById(problem.id + "-error");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + problem.id;
      link.textContent = problem.text;
      item.appendChild(link);
      summaryList.appendChild(item);
      if (seen[problem.id]) return;
      seen[problem.id] = true;
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "Error: ";
      message.appendChild(hidden);
      message.appendChild(document.createTextNode(problem.text));
      message.hidden = false;
      message.parentNode.classList.add("form-group-error");
      element.setAttribute("aria-invalid", "true");
      element.setAttribute("aria-describedby",
        element.getAttribute("aria-describedby") + " " + message.id);
    });
    document.title = "Error: " + pageName;
    summary.hidden = false;
    summary.focus();
    return false;
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var label = form.querySelector("label[for='" + target.id + "']");
    (label || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });

  function showResult(name, href) {
    form.querySelectorAll("[data-result]").forEach(function (result) {
      result.hidden = result.dataset.result !== name;
      var link = result.querySelector("[data-mailto]");
      if (link && href) link.href = href;
      if (link && !result.hidden) link.focus();
    });
  }

  function mailto(withBody) {
    var subject = fill(root.dataset.subject, values());
    var url = "mailto:" + root.dataset.contact + "?subject=" + encodeURIComponent(subject);
    return withBody ? url + "&body=" + encodeURIComponent(compose()) : url;
  }

  function download() {
    var blob = new Blob([compose()], { type: "text/markdown;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName();
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function allowedUri() {
    var schemes = rules.sanitiser.url_schemes.join("|");
    return new RegExp("^(?:(?:" + schemes + "):|[^a-z]|[a-z+.\\-]+(?:[^a-z+.\\-:]|$))", "i");
  }

  // DOMPurify with the guest allowlist: its tags, each tag's own attributes
  // and classes, its URL schemes, and ids prefixed so none equals one of the
  // page's own (a post cannot take over the form's error links).
  function purifier() {
    var purify = window.DOMPurify;
    var allow = rules.sanitiser;
    var attributes = ["class"];
    Object.keys(allow.attributes).forEach(function (tag) {
      attributes = attributes.concat(allow.attributes[tag]);
    });
    purify.addHook("uponSanitizeAttribute", function (node, data) {
      var tag = node.nodeName.toLowerCase();
      if (data.attrName === "class") {
        var classes = allow.classes[tag] || [];
        data.attrValue = data.attrValue.split(/\s+/).filter(function (name) {
          return classes.indexOf(name) >= 0;
        }).join(" ");
        data.keepAttr = data.attrValue !== "";
      } else if ((allow.attributes[tag] || []).indexOf(data.attrName) < 0 ||
          (tag === "img" && data.attrName === "src")) {
        // No image is loaded in the preview (see renderPreview).
        data.keepAttr = false;
      } else if (data.attrName === "id") {
        data.attrValue = allow.id_prefix + data.attrValue;
      }
    });
    return function (html) {
      return purify.sanitize(html, {
        ALLOWED_TAGS: allow.tags,
        ALLOWED_ATTR: attributes,
        ALLOWED_URI_REGEXP: allowedUri(),
        ADD_FORBID_CONTENTS: allow.dropped_with_content,
        RETURN_DOM_FRAGMENT: true
      });
    };
  }

  var clean = null;

  function renderPreview() {
    var found = values();
    preview.querySelectorAll("[data-field]").forEach(function (slot) {
      var rule = rules.fields.filter(function (r) { return r.name === slot.dataset.field; })[0];
      var value = found[slot.dataset.field] || "";
      if (rule && rule.required_unless && !value) value = rules.anonymous_name;
      slot.textContent = value;
      slot.hidden = !value;
    });
    var html = window.marked.parse(bodyText(), { async: false, gfm: true });
    var fragment = clean(html);
    // A post's images are files sent with it: shown once published. Here
    // each is its alt text, so the preview asks no host for anything.
    fragment.querySelectorAll("img").forEach(function (image) {
      var note = document.createElement("span");
      note.className = "preview-image";
      note.textContent = "[" + (image.alt || "") + "]";
      image.replaceWith(note);
    });
    while (previewBody.firstChild) previewBody.removeChild(previewBody.firstChild);
    previewBody.appendChild(fragment);
  }

  function saveDraft() {
    if (!keep.checked) return;
    var draft = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name) return;
      draft[element.name] = element.type === "checkbox" ? element.checked : element.value;
    });
    try { localStorage.setItem(storageKey, JSON.stringify(draft)); } catch (e) { /* full or off */ }
  }

  function loadDraft() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    keep.checked = true;
    Object.keys(saved).forEach(function (name) {
      var element = form.elements.namedItem(name);
      if (!element) return;
      if (element.type === "checkbox") element.checked = Boolean(saved[name]);
      else element.value = String(saved[name]);
    });
  }

  function forget() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* off */ }
  }

  function changed() {
    saveDraft();
    clearTimeout(timer);
    timer = setTimeout(renderPreview, 150);
  }

  function start(loaded) {
    rules = loaded;
    clean = purifier();
    loadDraft();
    form.addEventListener("input", changed);
    form.addEventListener("change", function (event) {
      if (event.target === keep) {
        if (keep.checked) saveDraft(); else forget();
      }
      changed();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (showErrors(check())) showResult("checked");
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var action = button.dataset.action;
      if (action === "clear") {
        if (!window.confirm(button.dataset.confirm)) return;
        form.reset();
        forget();
        clearErrors();
        showResult("");
        renderPreview();
        return;
      }
      showResult("");
      if (!showErrors(check())) return;
      if (action === "download") {
        download();
      } else if (action === "email") {
        var full = mailto(true);
        if (full.length <= Number(root.dataset.mailtoMax)) {
          showResult("email", full);
        } else {
          showResult("email-long", mailto(false));
        }
      }
    });
    root.hidden = false;
    renderPreview();
  }

  fetch(root.dataset.rules, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(start)
    .catch(function () { root.hidden = true; });
})();
