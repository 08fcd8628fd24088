// The same "ready" mark GroupDrop's window sets once its Start screen can take a drop.
document.addEventListener("DOMContentLoaded", () => {
  document.body.dataset.ready = "true";
  performance.mark("groupdrop:ready");
});
