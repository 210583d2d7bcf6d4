import type { FormInstance } from 'antd';
import type { ComponentType } from 'react';
import type { ObjectMeta } from '../api/meta';

export interface FormExtensionProps {
  meta: ObjectMeta;
  form: FormInstance;
  /** The record being edited; absent when creating. */
  recordId?: string;
}

/** Returns false to stop the save (the user chose to go back); values are what the form would save. */
export type BeforeSave = (args: { meta: ObjectMeta; values: Record<string, unknown>; recordId?: string }) => Promise<boolean>;

/**
 * How a module adds to every record form without the engine knowing it: a panel shown above the
 * fields (it may watch the form's values) and a check run before saving. Registered once at start-up.
 */
export interface FormExtension {
  key: string;
  Panel?: ComponentType<FormExtensionProps>;
  /** A hook (called in the form on every render, in registration order) returning the check. */
  useBeforeSave?: () => BeforeSave;
}

const extensions: FormExtension[] = [];

export function registerFormExtension(extension: FormExtension) {
  if (!extensions.some((e) => e.key === extension.key)) extensions.push(extension);
}

export function formExtensions(): readonly FormExtension[] {
  return extensions;
}
