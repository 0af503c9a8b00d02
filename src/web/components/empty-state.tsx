import type { ReactNode } from 'react';

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty__body">{children}</div>
      {action && <div className="empty__action">{action}</div>}
    </section>
  );
}
