import type { ReactNode } from "react";

/** A panel with a heading and a plain list of points (about, welcome): text pages read on a phone. */
export function BulletSection({ id, title, points, children }: { id: string; title: string; points: readonly string[]; children?: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul className="bullets">
        {points.map((point) => (
          <li key={point}>{point}</li>
        ))}
      </ul>
      {children}
    </section>
  );
}
