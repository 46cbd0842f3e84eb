package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance item 3: de-identified copies parse, leak no identifying string, keep pixel bytes, get new UIDs. */
class DeidentifierTest {
    private static final Set<AttributeTag> IDENTIFYING = Set.of(TagFromName.PatientName, TagFromName.PatientID,
            new AttributeTag(0x0010, 0x1000), TagFromName.PatientBirthDate, TagFromName.AccessionNumber,
            TagFromName.InstitutionName, TagFromName.ReferringPhysicianName, new AttributeTag(0x0032, 0x1032),
            TagFromName.StudyID, TagFromName.StudyDate, TagFromName.AcquisitionDate, TagFromName.StationName,
            TagFromName.DeviceSerialNumber, TagFromName.OperatorsName);

    @TempDir
    Path dir;

    @Test
    void copiesLeakNothingAndKeepPixelBytesIdentical() throws Exception {
        Path conformance = SharedData.dir("dicom/conformance/files");
        Path real = SharedData.dir("dicom/real");
        List<Path> sources = List.of(conformance.resolve("meta_latin1.dcm"), conformance.resolve("meta_utf8.dcm"),
                conformance.resolve("jpeg_ll_sv1.dcm"), conformance.resolve("j2k_lossy.dcm"),
                conformance.resolve("rle.dcm"), conformance.resolve("ts_deflated.dcm"),
                conformance.resolve("ts_bigendian.dcm"), conformance.resolve("jpeg_base8.dcm"),
                real.resolve("CR-MONO1-10-chest.dcm"), real.resolve("RG1_J2KI.dcm"),
                real.resolve("siim_1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"));
        Deidentifier session = new Deidentifier();
        for (Path source : sources) {
            Path copy = dir.resolve("deid-" + source.getFileName());
            session.deidentify(source, copy);

            AttributeList original = parse(source);
            AttributeList result = parse(copy);
            assertThat(Attribute.getSingleStringValueOrEmptyString(result, TagFromName.PatientIdentityRemoved))
                    .as(source + " Patient Identity Removed").isEqualTo("YES");
            assertThat(result.get(TagFromName.DeidentificationMethod).getStringValues())
                    .containsExactlyElementsOf(Deidentifier.METHOD);
            assertThat(privateTags(result)).as(source + " private tags left").isEmpty();
            for (AttributeTag uid : List.of(TagFromName.StudyInstanceUID, TagFromName.SeriesInstanceUID,
                    TagFromName.SOPInstanceUID)) {
                assertThat(value(result, uid)).as(source + " " + uid).isNotEmpty().isNotEqualTo(value(original, uid));
            }
            assertThat(value(result, TagFromName.SOPClassUID)).isEqualTo(value(original, TagFromName.SOPClassUID));
            assertThat(value(result, TagFromName.TransferSyntaxUID))
                    .isEqualTo(value(original, TagFromName.TransferSyntaxUID).isEmpty()
                            ? "1.2.840.10008.1.2" : value(original, TagFromName.TransferSyntaxUID));

            byte[] bytes = Files.readAllBytes(copy);
            for (String secret : identifyingStrings(original)) {
                for (Charset charset : List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_8)) {
                    assertThat(contains(bytes, secret.getBytes(charset)))
                            .as(source.getFileName() + " still contains '" + secret + "'").isFalse();
                }
            }
            assertThat(firstFrameBytes(copy)).as(source + " pixel data bytes").isEqualTo(firstFrameBytes(source));
            XrayImage before = XrayImageReader.read(source);
            XrayImage after = XrayImageReader.read(copy);
            assertThat(after.values()).isEqualTo(before.values());
            assertThat(after.study().patientName()).isNotEqualTo(before.study().patientName());
        }
    }

    @Test
    void freeTextPersonNamesAndAnnotationsLeaveNoTraceAtAnyDepth() throws Exception {
        AttributeList list = parse(SharedData.dir("dicom/conformance/files").resolve("base.dcm"));
        String secret = "SMITHERSON";
        list.put(text(TagFromName.ImageComments, ValueRepresentation.LT, "Mr " + secret + ", bed 4"));
        list.put(text(TagFromName.DerivationDescription, ValueRepresentation.ST, "for Dr " + secret));
        list.put(text(new AttributeTag(0x0040, 0xA160), ValueRepresentation.UT, secret + " says hi")); // Text Value
        // Structured content (Content Sequence) with a person name and a text value nested inside.
        AttributeList contentItem = new AttributeList();
        contentItem.put(text(new AttributeTag(0x0040, 0xA123), ValueRepresentation.PN, secret + "^JOHN"));
        contentItem.put(text(new AttributeTag(0x0040, 0xA160), ValueRepresentation.UT, "seen by " + secret));
        list.put(sequence(new AttributeTag(0x0040, 0xA730), contentItem));
        // Acquisition Context (DX images carry it) and a graphic annotation with typed-in text.
        AttributeList context = new AttributeList();
        context.put(text(new AttributeTag(0x0040, 0xA160), ValueRepresentation.UT, "tech " + secret));
        list.put(sequence(new AttributeTag(0x0040, 0x0555), context));
        AttributeList textObject = new AttributeList();
        textObject.put(text(new AttributeTag(0x0070, 0x0006), ValueRepresentation.ST, "L " + secret));
        AttributeList annotation = new AttributeList();
        annotation.put(sequence(new AttributeTag(0x0070, 0x0008), textObject));
        list.put(sequence(new AttributeTag(0x0070, 0x0001), annotation));
        // A person name nested in a sequence the profile otherwise keeps.
        AttributeList request = new AttributeList();
        request.put(text(TagFromName.ScheduledPerformingPhysicianName, ValueRepresentation.PN, secret + "^ANNA"));
        list.put(sequence(TagFromName.RequestAttributesSequence, request));
        Path planted = dir.resolve("planted.dcm");
        list.write(planted.toFile(), value(list, TagFromName.TransferSyntaxUID), true, true);
        assertThat(contains(Files.readAllBytes(planted), secret.getBytes(StandardCharsets.US_ASCII))).isTrue();

        Path copy = dir.resolve("copy.dcm");
        new Deidentifier().deidentify(planted, copy);

        assertThat(contains(Files.readAllBytes(copy), secret.getBytes(StandardCharsets.US_ASCII)))
                .as("the planted name survives somewhere in the copy").isFalse();
        // Type 2 in the DX image IOD: kept, empty.
        Attribute emptied = parse(copy).get(new AttributeTag(0x0040, 0x0555));
        assertThat(emptied).isInstanceOfSatisfying(SequenceAttribute.class,
                sq -> assertThat(sq.getNumberOfItems()).isZero());
        assertThat(XrayImageReader.read(copy).values()).isEqualTo(XrayImageReader.read(planted).values());
    }

    /**
     * PS3.15 Table E.1-1 does not list Procedure Code Sequence (0008,1032): the Basic Profile keeps it, Code Meaning
     * included (the coded name of the examination, e.g. "XR Chest PA"). It does list Reason for the Requested Procedure
     * (0040,1002) and its code sequence (0040,100A) for removal (X): a reason can say who the patient is.
     */
    @Test
    void theProcedureCodeIsKeptAndTheReasonForItRemovedAsTheBasicProfileSays() throws Exception {
        AttributeList list = parse(SharedData.dir("dicom/conformance/files").resolve("base.dcm"));
        AttributeList procedure = new AttributeList();
        procedure.put(text(TagFromName.CodeValue, ValueRepresentation.SH, "RPID16"));
        procedure.put(text(TagFromName.CodingSchemeDesignator, ValueRepresentation.SH, "RADLEX"));
        procedure.put(text(TagFromName.CodeMeaning, ValueRepresentation.LO, "XR Chest PA"));
        list.put(sequence(new AttributeTag(0x0008, 0x1032), procedure));
        list.put(text(new AttributeTag(0x0040, 0x1002), ValueRepresentation.LO, "fall at SMITHERSON farm"));
        AttributeList reason = new AttributeList();
        reason.put(text(TagFromName.CodeValue, ValueRepresentation.SH, "W01"));
        reason.put(text(TagFromName.CodingSchemeDesignator, ValueRepresentation.SH, "I10"));
        reason.put(text(TagFromName.CodeMeaning, ValueRepresentation.LO, "Fall at SMITHERSON farm"));
        list.put(sequence(new AttributeTag(0x0040, 0x100A), reason));
        Path planted = dir.resolve("procedure.dcm");
        list.write(planted.toFile(), value(list, TagFromName.TransferSyntaxUID), true, true);

        Path copy = dir.resolve("procedure-copy.dcm");
        new Deidentifier().deidentify(planted, copy);

        AttributeList copied = parse(copy);
        assertThat(copied.get(new AttributeTag(0x0008, 0x1032))).isInstanceOfSatisfying(SequenceAttribute.class,
                sq -> assertThat(Attribute.getSingleStringValueOrEmptyString(sq.getItem(0).getAttributeList(),
                        TagFromName.CodeMeaning)).isEqualTo("XR Chest PA"));
        assertThat(copied.get(new AttributeTag(0x0040, 0x1002))).isNull();
        assertThat(copied.get(new AttributeTag(0x0040, 0x100A))).isNull();
        assertThat(contains(Files.readAllBytes(copy), "SMITHERSON".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    private static Attribute text(AttributeTag tag, byte[] vr, String value) throws Exception {
        Attribute a = AttributeFactory.newAttribute(tag, vr);
        a.addValue(value);
        return a;
    }

    private static SequenceAttribute sequence(AttributeTag tag, AttributeList item) {
        SequenceAttribute s = new SequenceAttribute(tag);
        s.addItem(item);
        return s;
    }

    @Test
    void uidsMapConsistentlyWithinASessionAndDifferAcrossSessions() throws Exception {
        Path conformance = SharedData.dir("dicom/conformance/files");
        Deidentifier session = new Deidentifier();
        session.deidentify(conformance.resolve("base.dcm"), dir.resolve("a.dcm"));
        session.deidentify(conformance.resolve("rle.dcm"), dir.resolve("b.dcm"));
        new Deidentifier().deidentify(conformance.resolve("base.dcm"), dir.resolve("c.dcm"));
        String studyA = value(parse(dir.resolve("a.dcm")), TagFromName.StudyInstanceUID);
        assertThat(value(parse(dir.resolve("b.dcm")), TagFromName.StudyInstanceUID)).isEqualTo(studyA);
        assertThat(value(parse(dir.resolve("c.dcm")), TagFromName.StudyInstanceUID)).isNotEqualTo(studyA);
        assertThat(studyA).startsWith("2.25.");
    }

    @Test
    void theCopyNeverReplacesTheOriginalAndLeavesNoPartialFileBehind() throws Exception {
        Path original = dir.resolve("original.dcm");
        Files.copy(SharedData.dir("dicom/conformance/files").resolve("base.dcm"), original);
        byte[] before = Files.readAllBytes(original);

        assertThatThrownBy(() -> new Deidentifier().deidentify(original, dir.resolve(".").resolve("original.dcm")))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("would replace the original");
        assertThat(Files.readAllBytes(original)).isEqualTo(before);

        new Deidentifier().deidentify(original, dir.resolve("copy.dcm"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("original.dcm",
                    "copy.dcm");
        }
    }

    @Test
    void nonDicomInputIsRefusedWithTheTypedException() throws Exception {
        Path text = Files.writeString(dir.resolve("note.dcm"), "not an image");
        assertThatThrownBy(() -> new Deidentifier().deidentify(text, dir.resolve("out.dcm")))
                .isInstanceOf(ImageReadException.class).hasMessageStartingWith("note.dcm: ");
    }

    @Test
    void aFileMarkedWithBurnedInTextIsRefused() throws Exception {
        AttributeList list = parse(SharedData.dir("dicom/conformance/files").resolve("meta_latin1.dcm"));
        Attribute burnedIn = new CodeStringAttribute(TagFromName.BurnedInAnnotation);
        burnedIn.addValue("YES");
        list.put(burnedIn);
        Path marked = dir.resolve("marked.dcm");
        list.write(marked.toFile(), value(list, TagFromName.TransferSyntaxUID), true, true);

        Path target = dir.resolve("out.dcm");
        assertThatThrownBy(() -> new Deidentifier().deidentify(marked, target))
                .isInstanceOfSatisfying(ImageReadException.class,
                        e -> assertThat(e.problem()).isEqualTo(ImageReadException.Problem.IDENTIFYING_PIXELS))
                .hasMessageContaining("Burned In Annotation = YES");
        assertThat(target).doesNotExist();
    }

    @Test
    void displayImageExportsAsPngWithTheSamePixels() throws Exception {
        XrayImage image = XrayImageReader.read(SharedData.dir("dicom/conformance/files").resolve("mono1.dcm"));
        DisplayImage shown = DisplayPipeline.render(image, DisplaySettings.fileDefault(image));
        Path png = dir.resolve("export.png");
        shown.writePng(png);
        XrayImage reread = XrayImageReader.read(png);
        assertThat(reread.bitsStored()).isEqualTo(8);
        for (int i = 0; i < shown.gray8().length; i += 97) {
            assertThat(reread.values().get(i)).isEqualTo(shown.gray8()[i] & 0xFF);
        }
    }

    private static AttributeList parse(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile());
        return list;
    }

    private static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    /** The original's identifying values and instance UIDs, at any nesting depth. */
    private static List<String> identifyingStrings(AttributeList list) throws Exception {
        List<String> out = new ArrayList<>();
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    out.addAll(identifyingStrings(sequence.getItem(i).getAttributeList()));
                }
                continue;
            }
            boolean uid = ValueRepresentation.isUniqueIdentifierVR(a.getVR());
            boolean privateText = a.getTag().isPrivate() && !a.getTag().isPrivateCreator()
                    && ValueRepresentation.isLongStringVR(a.getVR());
            if ((IDENTIFYING.contains(a.getTag()) || uid || privateText) && a.getVM() > 0) {
                for (String v : a.getStringValues()) {
                    String s = v.trim();
                    boolean standardUid = uid && s.startsWith("1.2.840.10008.");
                    if (s.length() >= 4 && !standardUid && !s.equals("Anonymized")) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    private static List<AttributeTag> privateTags(AttributeList list) {
        List<AttributeTag> out = new ArrayList<>();
        for (Attribute a : list.values()) {
            if (a.getTag().isPrivate()) {
                out.add(a.getTag());
            }
            if (a instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    out.addAll(privateTags(sequence.getItem(i).getAttributeList()));
                }
            }
        }
        return out;
    }

    /** The first frame's bytes as stored (compressed fragments or native samples), read by intake's own reader. */
    private static byte[] firstFrameBytes(Path file) throws Exception {
        try (DicomHeader header = DicomHeader.open(file, Files.size(file), XrayImageReader.MAX_DECODED_BYTES)) {
            DicomTransferSyntax syntax = header.transferSyntax();
            return new PixelDataReader(header.pixelDataStream().orElseThrow(), syntax,
                    syntax != DicomTransferSyntax.IMPLICIT_LE, XrayImageReader.MAX_DECODED_BYTES)
                    .readFirstFrame(PixelModule.of(header.attributes()));
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return DicomBytes.find(haystack, needle) >= 0;
    }
}
