// Search with Pagefind's index, entirely in the browser. The form is shown
// from the first paint when JavaScript is on (site.css hides it, and shows
// the browse-instead message, only without scripting), so nothing moves
// when this script or the index loads. If the index cannot be loaded, the
// browse-instead message is shown after all.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.querySelector(".search-results");
  var fallback = document.querySelector(".search-fallback");
  var latest = 0;
  var timer = null;

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Pagefind's excerpt is HTML with <mark> around the matches. Parse it
  // inertly and keep only text and <mark>, so page text can never become markup.
  function appendExcerpt(target, html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  // Pagefind cuts excerpts at a word count, often mid-sentence: say so with
  // an ellipsis rather than show a fragment as if it were the start.
  function cut(excerptText, content) {
    var text = excerptText.trim();
    var at = content ? content.indexOf(text.slice(0, 40)) : -1;
    var before = at > 0 ? content.slice(0, at).trim() : "";
    var after = at >= 0 ? content.slice(at + text.length).trim() : "";
    return {
      start: before !== "" && !/[.!?:]["”’)]?$/.test(before),
      end: after !== "" && !/[.!?]["”’)]?$/.test(text),
    };
  }

  function show(results, query) {
    clear(list);
    results.forEach(function (data) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      var excerpt = document.createElement("p");
      appendExcerpt(excerpt, data.excerpt);
      var ends = cut(excerpt.textContent, data.content || "");
      if (ends.start) excerpt.insertBefore(document.createTextNode("… "), excerpt.firstChild);
      if (ends.end) excerpt.appendChild(document.createTextNode(" …"));
      item.appendChild(heading);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    var n = results.length;
    status.textContent = n
      ? n + (n === 1 ? " result" : " results") + " for “" + query + "”"
      : "No results for “" + query + "”. Try fewer or different words.";
  }

  function run(pagefind, query) {
    var ticket = ++latest;
    query = query.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!query) {
      clear(list);
      status.textContent = "";
      return Promise.resolve();
    }
    return pagefind.search(query).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket === latest) show(results, query);
    });
  }

  var ready = import(form.getAttribute("data-index"));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ready.then(function (pagefind) { run(pagefind, input.value); });
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      ready.then(function (pagefind) { run(pagefind, input.value); });
    }, 250);
  });
  ready.then(function (pagefind) {
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(pagefind, initial);
    }
  }).catch(function () {
    form.hidden = true;
    fallback.classList.add("search-failed");
    status.textContent = "The search index is not available on this copy of the site.";
  });
})();
