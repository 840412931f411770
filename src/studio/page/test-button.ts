/**
 * A Test button: one run at a time. While it runs it says so and is marked busy (`aria-disabled`)
 * rather than disabled, so that keyboard focus stays on it.
 */
import { h } from './dom';

export const testButton = (label: string, run: () => Promise<void>, className = 'test'): HTMLButtonElement => {
  const button = h('button', { type: 'button', class: className }, label);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Running…';
    try {
      await run();
    } finally {
      button.removeAttribute('aria-disabled');
      button.textContent = label;
    }
  });
  return button;
};
