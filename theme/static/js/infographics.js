// Gallery lightbox: a native <dialog> (focus is kept inside, Escape closes it
// and the page behind is inert). Without JavaScript the thumbnails are links.
(() => {
  "use strict";
  const groups = document.querySelectorAll("[data-lightbox-group]");
  if (!groups.length || typeof HTMLDialogElement !== "function") return;

  const dialog = document.createElement("dialog");
  dialog.className = "lightbox";
  dialog.setAttribute("aria-labelledby", "lightbox-title");
  dialog.innerHTML =
    '<figure><img alt=""><figcaption><h2 id="lightbox-title"></h2>' +
    '<p class="small" aria-live="polite"></p><p><a>Open the page: full description, figures and PDF</a></p>' +
    "</figcaption></figure>" +
    '<div class="lightbox-controls"><button type="button" data-step="-1">Previous</button>' +
    '<button type="button" data-step="1">Next</button>' +
    '<button type="button" class="lightbox-close">Close</button></div>';
  document.body.append(dialog);
  const image = dialog.querySelector("img");
  const title = dialog.querySelector("h2");
  const count = dialog.querySelector("[aria-live]");
  const pageLink = dialog.querySelector("figcaption a");
  let links = [];
  let current = 0;
  let opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    const link = links[current];
    const data = link.dataset;
    image.src = data.lightboxSrc;
    image.srcset = data.lightboxSrcset;
    image.sizes = "(min-width: 58rem) 56rem, 96vw";
    image.width = Number(data.lightboxWidth);
    image.height = Number(data.lightboxHeight);
    image.alt = data.lightboxAlt;
    title.textContent = data.lightboxTitle;
    pageLink.href = link.href;
    count.textContent = `${current + 1} of ${links.length}`;
    for (const button of dialog.querySelectorAll("[data-step]")) {
      button.hidden = links.length < 2;
    }
  }

  for (const group of groups) {
    const groupLinks = Array.from(group.querySelectorAll("a[data-lightbox-src]"));
    groupLinks.forEach((link, index) => {
      link.addEventListener("click", (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        links = groupLinks;
        opener = link;
        show(index);
        dialog.showModal();
        dialog.querySelector(".lightbox-close").focus();
      });
    });
  }

  dialog.addEventListener("click", (event) => {
    const step = event.target.closest("[data-step]");
    if (step) show(current + Number(step.dataset.step));
    else if (event.target.closest(".lightbox-close") || event.target === dialog) dialog.close();
  });
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") show(current + 1);
    else if (event.key === "ArrowLeft") show(current - 1);
  });
  dialog.addEventListener("close", () => {
    if (opener) opener.focus();
  });
})();
