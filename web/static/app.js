// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent.trim();
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = button.dataset.copied || "Copied";
      } catch {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById(button.dataset.copy));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = "Selected: press Ctrl+C";
      }
    });
  }
  for (const input of document.querySelectorAll("input[data-filter-facet]")) {
    const facet = input.closest(".facet");
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLowerCase();
      const more = facet.querySelector("details.more");
      if (more && needle !== "") more.open = true;
      for (const item of facet.querySelectorAll("li")) {
        item.hidden = needle !== "" && !item.textContent.toLowerCase().includes(needle);
      }
    });
  }
  // Selecting a passage of a PDF adds its page to the citation; typing in a form after the
  // selection (saving the passage, say) keeps it.
  const citation = document.getElementById("citation-text");
  const pages = document.querySelector("section.text");
  if (citation && document.querySelector("[data-page]")) {
    document.addEventListener("selectionchange", () => {
      const node = window.getSelection().anchorNode;
      if (node && pages && !pages.contains(node)) return;
      const paragraph = node && (node.nodeType === 1 ? node : node.parentElement).closest("[data-page]");
      const base = citation.dataset.base;
      citation.textContent = paragraph ? `${base}, ${citation.dataset.pageLabel} ${paragraph.dataset.page}` : base;
    });
  }
  // Selecting text of the document fills the passage form (its page too, for a PDF).
  const quote = document.querySelector("textarea[data-quote]");
  const text = document.querySelector("section.text");
  if (quote && text) {
    document.addEventListener("selectionchange", () => {
      const selection = window.getSelection();
      const chosen = selection.toString().trim();
      if (!chosen || !text.contains(selection.anchorNode)) return;
      quote.value = chosen;
      const node = selection.anchorNode;
      const paragraph = (node.nodeType === 1 ? node : node.parentElement).closest("[data-page]");
      const page = document.querySelector("input[data-page-input]");
      if (page && paragraph) page.value = paragraph.dataset.page;
    });
  }
});
