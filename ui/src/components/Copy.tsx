import { useState } from 'react';

/** A commit id, shortened, with a button that copies the full id. */
export function CommitId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="commit">
      <code title={id}>{id.slice(0, 10)}</code>
      <button
        type="button"
        className="link small"
        aria-label={`copy commit ${id}`}
        onClick={() => {
          void navigator.clipboard?.writeText(id).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1200);
          });
        }}
      >
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
