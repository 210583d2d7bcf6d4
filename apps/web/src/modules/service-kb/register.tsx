import { registerDetailExtension } from '../../engine/detailExtensions';
import { registerComposerAside } from '../service/composerAsides';
import { KbArticleActions } from './KbArticleActions';
import { KbSuggestions } from './KbSuggestions';
import { KbVersions } from './KbVersions';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import './kb.css';

const VersionsPanel = ({ record }: DetailExtensionProps) => <KbVersions articleId={record.id} />;

/** Articles get the editor button and their versions; the ticket composer gets suggested articles. */
registerDetailExtension({ key: 'kb-editor', objects: ['kb_articles'], placement: 'actions', Panel: KbArticleActions });
registerDetailExtension({ key: 'kb-versions', objects: ['kb_articles'], placement: 'side', Panel: VersionsPanel });
registerComposerAside('kb-suggestions', KbSuggestions);
