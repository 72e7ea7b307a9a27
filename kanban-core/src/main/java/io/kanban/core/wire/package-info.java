/**
 * The wire format: the one JSON shape of every board record (task, run, comment, event, board card, task detail,
 * a board of the home as listed, and the reports the front ends print), written by the CLI's {@code --json}, the
 * agent tools' results and the dashboard's REST API and live stream alike.
 *
 * <p>Conventions, chosen once: field names are the reference's snake_case column names; times are whole epoch
 * seconds (integers, UTC), as the board file stores them; durations are whole seconds in a field named
 * {@code …_seconds}; statuses, outcomes and kinds are the lower-case words the board stores; absent values are
 * {@code null}, never left out; JSON text the board stores (event payloads, run metadata) is embedded as JSON, and
 * text that does not parse (written by hand or by another kernel) as a string.
 *
 * <p>{@link io.kanban.core.wire.WireFormat#module()} holds a serializer per record; a front end registers it on
 * its Jackson mapper and hands records to it. {@link io.kanban.core.wire.CardWriter} streams board cards field by
 * field for boards of many thousands.
 */
package io.kanban.core.wire;
