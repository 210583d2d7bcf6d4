import { registerDetailExtension } from '../../engine/detailExtensions';
import { registerListAction } from '../../engine/list/listActions';
import { ContactSurveysCard, SendSurveyListAction } from './ContactSurveys';

registerListAction({ key: 'send-survey', objects: ['contacts'], Action: SendSurveyListAction });
registerDetailExtension({ key: 'contact-surveys', objects: ['contacts'], placement: 'side', Panel: ContactSurveysCard });
