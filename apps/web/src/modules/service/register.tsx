import { registerDetailExtension } from '../../engine/detailExtensions';
import { registerActionForm } from '../automation/actionForms';
import { AssignTicketForm } from './assign/AssignTicketForm';
import { TicketControls } from './TicketControls';
import { TicketConversation } from './TicketConversation';
import './service.css';

/** Tickets get their working controls (status, assignee, SLA) and the conversation with a composer. */
registerDetailExtension({ key: 'ticket-controls', objects: ['tickets'], placement: 'main', Panel: TicketControls });
registerDetailExtension({ key: 'ticket-conversation', objects: ['tickets'], placement: 'main', Panel: TicketConversation });
registerActionForm('assign_ticket', AssignTicketForm, { strategy: 'round_robin' });
