/** Pipelines (销售流程) and their stages, as the API returns them. */
export interface PipelineStage {
  key: string;
  name: { zh: string; en: string };
  probability: number;
  color: string | null;
  /** Deal fields that must have a value before a deal enters this stage. */
  requiredFields: string[];
}

export interface Pipeline {
  key: string;
  name: { zh: string; en: string };
  position: number;
  isDefault: boolean;
  archived: boolean;
  stages: PipelineStage[];
}

/** One kanban column's header figures. */
export interface StageSummary {
  stage: string;
  count: number;
  /** Sum of amount in the company currency; null when the user may not see amounts. */
  total: number | null;
  /** Sum of amount × probability / 100. */
  weighted: number | null;
}
