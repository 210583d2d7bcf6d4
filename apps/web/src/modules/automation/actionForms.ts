import type { ComponentType } from 'react';
import type { Action } from './api';

export interface ActionFormProps {
  value: Action;
  onChange: (a: Action) => void;
}

/** Settings forms other modules give their action types (e.g. the service module's assign_ticket). */
const forms = new Map<string, { Form: ComponentType<ActionFormProps>; defaults: Omit<Action, 'type'> }>();

export function registerActionForm(type: string, Form: ComponentType<ActionFormProps>, defaults: Omit<Action, 'type'>) {
  forms.set(type, { Form, defaults });
}

export const actionFormOf = (type: string) => forms.get(type);
