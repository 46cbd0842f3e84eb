package org.covidcxr.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** New DICOM UIDs for objects the workstation makes (de-identified copies, result objects, the phantom study). */
public final class Uids {

    private Uids() {
    }

    /** A UID of the 2.25 root derived from a random UUID (PS3.5 B.2): unique without a registered organisational root. */
    public static String newUid() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }
}
