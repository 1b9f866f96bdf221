// "Print this letter": a button with data-print opens the browser's print dialogue.
// (A file, not an inline script: the Content-Security-Policy allows only our own files.)
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
});
