package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.IDENTIFYING_PIXELS;
import static org.covidcxr.dicom.ImageReadException.Problem.NOT_AN_IMAGE;
import static org.covidcxr.dicom.ImageReadException.Problem.NOT_FOUND;
import static org.covidcxr.dicom.ImageReadException.Problem.NO_PIXEL_DATA;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ClinicalTrialsAttributes;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.covidcxr.files.AtomicFiles;

/**
 * Writes de-identified copies of DICOM files per the PS3.15 Basic Application Level Confidentiality Profile,
 * using PixelMed's implementation of the profile's attribute actions, plus:
 * <ul>
 *   <li>Pixel data copied byte for byte, still compressed as it was (never decoded and re-encoded);</li>
 *   <li>every instance UID remapped to a new {@code 2.25.} UUID-derived UID; within one {@code Deidentifier}
 *       (one export session) the same original UID always gets the same new UID, so exported images of one study
 *       still belong together; UIDs defined by DICOM itself (SOP classes, transfer syntaxes, 1.2.840.10008.*) are
 *       kept;</li>
 *   <li>all private attributes, overlays and curves removed, dates removed;</li>
 *   <li>at every depth: free text (LT, ST, UT) removed; structured content, acquisition context and graphic
 *       annotation sequences and person names emptied;</li>
 *   <li>Patient Identity Removed = YES and De-identification Method (with its code sequence) recorded.</li>
 * </ul>
 * Files marked Burned In Annotation = YES are refused; burned-in text in files not so marked is not detected.
 * Thread-safe; one instance per export session.
 */
public final class Deidentifier {
    /** Written into De-identification Method (0012,0063), one value each (LO: at most 64 characters a value). */
    public static final List<String> METHOD = List.of("PS3.15 Basic Application Level Confidentiality Profile",
            "UIDs remapped", "private attributes removed", "free text removed", "structured content and annotations emptied",
            "person names emptied", "dates removed", "pixel data unchanged");
    private static final String DICOM_UID_ROOT = "1.2.840.10008.";

    /**
     * Sequences the profile clears (PS3.15 Table E.1-1) that can carry names and free text at any depth: Content
     * Sequence (structured content), Acquisition Context Sequence, Graphic Annotation Sequence, Encrypted Attributes
     * Sequence. They are kept empty rather than removed, so an IOD that requires one (Type 2) stays valid.
     */
    private static final Set<AttributeTag> EMPTIED = Set.of(new AttributeTag(0x0040, 0xA730),
            new AttributeTag(0x0040, 0x0555), new AttributeTag(0x0070, 0x0001), new AttributeTag(0x0400, 0x0500));

    private final Map<String, String> uidMap = new ConcurrentHashMap<>();

    /**
     * Writes a de-identified copy of {@code source} to {@code target} (replaced when complete; never the source
     * itself), in the source's transfer syntax.
     *
     * @throws ImageReadException when the source is not a readable DICOM image
     * @throws IOException        when the target cannot be written
     */
    public void deidentify(Path source, Path target) throws ImageReadException, IOException {
        AttributeList list;
        DicomTransferSyntax syntax;
        try {
            if (!Files.isRegularFile(source)) {
                throw new IntakeProblem(NOT_FOUND, "the file does not exist or is not a regular file. Check the path.");
            }
            if (FileKind.of(source) != FileKind.DICOM) {
                throw new IntakeProblem(NOT_AN_IMAGE, "only DICOM files can be exported as de-identified DICOM; export "
                        + "the displayed image as PNG instead.");
            }
            try (DicomHeader header = DicomHeader.openComplete(source, Files.size(source),
                    XrayImageReader.MAX_DECODED_BYTES)) {
                list = header.attributes();
                syntax = header.transferSyntax();
            }
            if (list.getPixelData() == null) {
                throw new IntakeProblem(NO_PIXEL_DATA, "this DICOM file contains no image; nothing to export.");
            }
            if (BurnedInText.of(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.BurnedInAnnotation))
                    == BurnedInText.PRESENT) {
                throw new IntakeProblem(IDENTIFYING_PIXELS, BurnedInText.PRESENT_REASON + " and cannot be removed "
                        + "by de-identification; clean the pixels with a dedicated tool before sharing it.");
            }
        } catch (IntakeProblem p) {
            throw p.toImageReadException(source);
        } catch (DicomHeader.UnknownTransferSyntaxException e) {
            throw new ImageReadException(source, ImageReadException.Problem.UNSUPPORTED_COMPRESSION,
                    "unknown transfer syntax; the file cannot be exported.", e);
        } catch (EOFException e) {
            throw new ImageReadException(source, TRUNCATED, "the file ends unexpectedly; it cannot be exported. Ask "
                    + "for it to be sent again.", e);
        } catch (DicomException | IOException | RuntimeException e) {
            throw new ImageReadException(source, CORRUPT, "the file is not valid DICOM and cannot be exported ("
                    + e.getMessage() + ").", e);
        }
        if (AtomicFiles.wouldReplace(target, source)) {
            throw new IOException("the de-identified copy would replace the original " + source.getFileName()
                    + "; choose another file name or folder.");
        }
        try {
            deidentify(list);
            list.removeMetaInformationHeaderAttributes();
            list.removeGroupLengthAttributes();
            FileMetaInformation.addFileMetaInformation(list, syntax.uid(), "COVIDCXR");
            String uid = syntax.uid();
            AtomicFiles.PLAIN.write(target, tmp -> {
                try {
                    list.write(tmp.toFile(), uid, true, true);
                } catch (DicomException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
        } catch (DicomException e) {
            throw new IOException("could not write the de-identified copy of " + source.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    private void deidentify(AttributeList list) throws DicomException {
        scrub(list);
        list.removeOverlayAttributes();
        list.removeCurveAttributes();
        ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(list, ClinicalTrialsAttributes.HandleUIDs.keep,
                false, false, false, false, false, false, ClinicalTrialsAttributes.HandleDates.remove, null, null);
        // PixelMed records "Retain UIDs" because it was asked to keep them: they were remapped here instead.
        Attribute method = new LongStringAttribute(TagFromName.DeidentificationMethod);
        for (String value : METHOD) {
            method.addValue(value);
        }
        list.put(method);
        SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
        codes.addItem(new CodedSequenceItem("113100", "DCM", "Basic Application Confidentiality Profile")
                .getAttributeList());
        list.put(codes);
    }

    /**
     * One pass over the data set and every nested item: private attributes, free text (LT, ST, UT: comments,
     * descriptions, typed-in annotations) and structured content out; person names emptied; instance UIDs remapped.
     * PixelMed's profile only handles the attributes it lists, and not in every nested sequence.
     */
    private void scrub(AttributeList list) throws DicomException {
        List<Attribute> replaced = new ArrayList<>();
        for (Attribute a : new ArrayList<>(list.values())) {
            byte[] vr = a.getVR();
            if (a.getTag().isPrivate() || ValueRepresentation.isLongTextVR(vr)
                    || ValueRepresentation.isShortTextVR(vr) || ValueRepresentation.isUnlimitedTextVR(vr)) {
                list.remove(a.getTag());
            } else if (EMPTIED.contains(a.getTag())) {
                replaced.add(new SequenceAttribute(a.getTag())); // present but empty: Type 2 in the DX image IOD
            } else if (a instanceof SequenceAttribute sequence) {
                // the iterator, not getItem(i): items are a linked list
                for (Iterator<SequenceItem> items = sequence.iterator(); items.hasNext(); ) {
                    scrub(items.next().getAttributeList());
                }
            } else if (ValueRepresentation.isPersonNameVR(vr)) {
                replaced.add(new PersonNameAttribute(a.getTag())); // kept, empty: several are type 2
            } else if (ValueRepresentation.isUniqueIdentifierVR(vr) && a.getVM() > 0) {
                Attribute replacement = new UniqueIdentifierAttribute(a.getTag());
                for (String uid : a.getStringValues()) {
                    replacement.addValue(remap(uid));
                }
                replaced.add(replacement);
            }
        }
        replaced.forEach(list::put);
    }

    private String remap(String uid) {
        String trimmed = uid.trim();
        if (trimmed.isEmpty() || trimmed.startsWith(DICOM_UID_ROOT)) {
            return trimmed;
        }
        return uidMap.computeIfAbsent(trimmed, k -> Uids.newUid());
    }
}
