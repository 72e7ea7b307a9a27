package io.kanban.cli.command;

/** Values users type for "nobody": the reference's none, - and null. */
final class Unassigned {
    private Unassigned() {
    }

    static boolean means(String value) {
        return value == null || value.equals("none") || value.equals("-") || value.equals("null");
    }
}
