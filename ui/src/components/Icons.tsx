// Inline SVG icons: no icon font, no emoji font needed (headless and minimal systems render them too).
export function LockSvg({ open = false }: { open?: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d={open ? 'M5.5 7V4.5a2.5 2.5 0 0 1 4.9-.7' : 'M5 7V4.8a3 3 0 0 1 6 0V7'} fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
