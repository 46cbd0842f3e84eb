package org.covidcxr.dicom;

/** What a file says about text burned into its pixels (Burned In Annotation, 0028,0301), which may identify. */
public enum BurnedInText {
    /** The file says YES: no copy of its pixels counts as de-identified. */
    PRESENT,
    /** The file says NO. */
    ABSENT,
    /** The file does not say (the attribute is often missing on CR; PNG and JPEG never say): look before sharing. */
    NOT_STATED;

    /** Why such a file is refused, for messages that go on to say what cannot be done and what to do. */
    public static final String PRESENT_REASON = "the file states that text is burned into the image (Burned In "
            + "Annotation = YES), which may identify the patient";

    static BurnedInText of(String attributeValue) {
        String v = attributeValue == null ? "" : attributeValue.strip();
        return v.equalsIgnoreCase("YES") ? PRESENT : v.equalsIgnoreCase("NO") ? ABSENT : NOT_STATED;
    }
}
