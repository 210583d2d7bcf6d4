import type { ComponentType } from 'react';

export interface ComposerAsideProps {
  ticketId: string;
  /** The draft being written, for suggestions that follow it. */
  draft: string;
  /** Adds text to the draft (after what is there). */
  insert: (text: string) => void;
}

/** Panels other modules show beside the reply composer (knowledge-base suggestions), without service importing them. */
const asides: { key: string; Panel: ComponentType<ComposerAsideProps> }[] = [];

export function registerComposerAside(key: string, Panel: ComponentType<ComposerAsideProps>) {
  if (!asides.some((a) => a.key === key)) asides.push({ key, Panel });
}

export const composerAsides = () => asides;
