package org.covidcxr.pacs;

/** Turns what PixelMed and the socket layer throw into a message that names the node and what to check. */
final class NetworkFailures {

    private NetworkFailures() {
    }

    static PacsException explain(String operation, DicomNode node, Exception e) {
        return new PacsException(operation + " with " + node + " failed: " + reason(node, e), e);
    }

    private static String reason(DicomNode node, Throwable e) {
        // PixelMed folds the socket's exception into its own message, so both the chain and the text are read.
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        String all = chain.toString();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (all.contains("ConnectException") || all.contains("Connection refused")) {
            return "nothing answers at " + node.host() + ":" + node.port()
                    + " (connection refused). Check the port and that the PACS is running.";
        }
        if (all.contains("UnknownHostException")) {
            return "host " + node.host() + " is unknown. Check the host name.";
        }
        if (all.contains("NoRouteToHostException")) {
            return "no route to " + node.host() + ". Check the network connection.";
        }
        if (all.contains("SocketTimeoutException") || all.contains("timed out")) {
            return "no answer in time. Check the host, the port and any firewall between.";
        }
        if (all.contains("A-ASSOCIATE-RJ") || all.toLowerCase().contains("reject")) {
            return "the node refused the association (" + message + "). Check that it knows this workstation's AE"
                    + " title and that its own AE title is " + node.aeTitle() + ".";
        }
        if (all.contains("failure status")) {
            return "the node answered with a failure (" + message + "). It refused or could not process the"
                    + " request; its own log says why.";
        }
        if (all.contains("ABORT") || all.contains("Connection reset") || all.contains("Broken pipe")
                || all.contains("Connection closed")) {
            return "the connection was cut off (" + message + "). The PACS may have stopped or dropped it.";
        }
        return message;
    }
}
