package org.covidcxr.pacs;

/** Words for the C-MOVE statuses a PACS answers with (PS3.4 C.4.2.1.5). */
final class MoveStatus {

    private MoveStatus() {
    }

    static String describe(int status, String destination) {
        String hex = String.format("0x%04X", status);
        return switch (status) {
            case 0xA801 -> "the PACS does not know the destination " + destination + " (status " + hex
                    + "). Add this workstation's AE title, host and port to the PACS's list of DICOM nodes.";
            case 0xA701, 0xA702 -> "the PACS is out of resources (status " + hex + "). Try again later.";
            case 0xA900 -> "the PACS says the request does not match its SOP class (status " + hex + ").";
            case 0xB000 -> "some images could not be sent (status " + hex + ", warning). Those that arrived are"
                    + " in the worklist.";
            case 0xFE00 -> "the retrieve was cancelled (status " + hex + ").";
            default -> (status & 0xF000) == 0xC000
                    ? "the PACS could not process the request (status " + hex + ")."
                    : "the PACS answered status " + hex + ".";
        };
    }
}
