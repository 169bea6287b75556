// The bench's floor (bench/run.ts): the least any text-scanning extension must do. Runs at
// document_idle like the real content script, walks every text node under <body> with a
// TreeWalker, reads each node's text, and marks the end. No matching, no painting, no yielding.
(() => {
  const root = document.body ?? document.documentElement;
  if (!root) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let nodes = 0;
  let chars = 0;
  while (walker.nextNode()) {
    nodes++;
    chars += walker.currentNode.data.length;
  }
  performance.mark('fc-floor:walked', { detail: { nodes, chars } });
})();
