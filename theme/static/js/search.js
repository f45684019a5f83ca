// Search with Pagefind's index, entirely in the browser. Without JavaScript
// (or if the index is missing) the page keeps its browse-instead message.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.querySelector(".search-results");
  var fallback = document.querySelector(".search-fallback");
  var pagefind = null;
  var latest = 0;

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
      item.appendChild(heading);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    var n = results.length;
    status.textContent = n
      ? n + (n === 1 ? " result" : " results") + " for “" + query + "”"
      : "No results for “" + query + "”. Try fewer or different words.";
  }

  function run(query) {
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

  import(form.getAttribute("data-index")).then(function (module) {
    pagefind = module;
    form.hidden = false;
    fallback.hidden = true;
    var timer = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 250);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }).catch(function () {
    status.textContent = "The search index is not available on this copy of the site.";
  });
})();
