import type { ReactNode } from 'react';
import { PublicLayout } from '../../components/public-layout';

export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <PublicLayout>
      <section className="auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {children}
        {footer && <div className="auth-card__footer">{footer}</div>}
      </section>
    </PublicLayout>
  );
}
