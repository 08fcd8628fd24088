/**
 * Moves keyboard focus to the current screen's heading after the screen changed, so a screen
 * reader announces where the user now is and the next Tab starts from the top of the new screen
 * (otherwise focus falls back to the page body, and the announcement is nothing). Screens that
 * load their data first (a result, a preview) render the heading a moment later: wait for it,
 * unless the user has already moved focus somewhere themselves.
 */
export function focusScreenHeading(container: HTMLElement | undefined, waitMs = 2000): void {
  if (!container) return;
  const until = performance.now() + waitMs;
  // Focus as it was when the screen changed (the button that changed it, or the body).
  const before = document.activeElement;
  const attempt = () => {
    const now = document.activeElement;
    const userMoved = now !== before && now !== document.body && now !== null;
    if (userMoved) return;
    const heading = container.querySelector<HTMLElement>("h1");
    if (heading) {
      // Focusable by script only: a heading is not a Tab stop.
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    } else if (performance.now() < until) {
      requestAnimationFrame(attempt);
    }
  };
  attempt();
}
