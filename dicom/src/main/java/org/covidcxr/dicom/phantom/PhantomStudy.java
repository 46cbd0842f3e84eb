package org.covidcxr.dicom.phantom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.Uids;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.files.AtomicFiles;

/**
 * A synthetic DICOM study of {@link ChestPhantom} films (Digital X-Ray, for presentation, PA chest) under a made-up
 * patient, so that tests, benchmarks and screenshots of the PACS connection need no patient image. UIDs are new
 * (2.25 UUID form) on every call.
 */
public record PhantomStudy(String patientId, String patientName, LocalDate date, String accessionNumber) {

    /** Writes {@code images} films of one new study into {@code folder} and returns their files. */
    public List<Path> write(Path folder, int images, int size) throws IOException {
        Files.createDirectories(folder);
        XrayImage film = ChestPhantom.render(size, size);
        short[] pixels = new short[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) Math.round(film.values().get(i));
        }
        String study = Uids.newUid();
        String series = Uids.newUid();
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= images; n++) {
            String instance = Uids.newUid();
            try {
                AttributeList list = header(study, series, instance, n, size);
                OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
                pixelData.setValues(pixels);
                list.put(pixelData);
                FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
                Path file = folder.resolve(instance + ".dcm");
                AtomicFiles.PLAIN.write(file, tmp -> {
                    try {
                        list.write(tmp.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
                    } catch (DicomException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                });
                files.add(file);
            } catch (DicomException e) {
                throw new IOException("Cannot build the phantom study: " + e.getMessage(), e);
            }
        }
        return List.copyOf(files);
    }

    private AttributeList header(String study, String series, String instance, int number, int size)
            throws DicomException {
        AttributeList l = new AttributeList();
        String day = DateTimeFormatter.BASIC_ISO_DATE.format(date);
        put(l, TagFromName.SOPClassUID, SOPClass.DigitalXRayImageStorageForPresentation);
        put(l, TagFromName.SOPInstanceUID, instance);
        put(l, TagFromName.StudyInstanceUID, study);
        put(l, TagFromName.SeriesInstanceUID, series);
        put(l, TagFromName.PatientName, patientName);
        put(l, TagFromName.PatientID, patientId);
        put(l, TagFromName.PatientBirthDate, "");
        put(l, TagFromName.PatientSex, "O");
        put(l, TagFromName.StudyDate, day);
        put(l, TagFromName.StudyTime, "120000");
        put(l, TagFromName.ContentDate, day);
        put(l, TagFromName.ContentTime, "120000");
        put(l, TagFromName.AccessionNumber, accessionNumber);
        put(l, TagFromName.StudyID, "1");
        put(l, TagFromName.ReferringPhysicianName, "");
        put(l, TagFromName.StudyDescription, "Synthetic chest phantom (not a patient)");
        put(l, TagFromName.SeriesNumber, "1");
        put(l, TagFromName.InstanceNumber, Integer.toString(number));
        put(l, TagFromName.Modality, "DX");
        put(l, TagFromName.Manufacturer, "covidcxr synthetic chest phantom");
        put(l, TagFromName.BodyPartExamined, "CHEST");
        put(l, TagFromName.ViewPosition, "PA");
        put(l, TagFromName.ImageType, "ORIGINAL\\PRIMARY");
        put(l, TagFromName.PresentationIntentType, "FOR PRESENTATION");
        put(l, TagFromName.PatientOrientation, "L\\F");
        put(l, TagFromName.SamplesPerPixel, "1");
        put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(l, TagFromName.Rows, Integer.toString(size));
        put(l, TagFromName.Columns, Integer.toString(size));
        put(l, TagFromName.BitsAllocated, "16");
        put(l, TagFromName.BitsStored, Integer.toString(ChestPhantom.BITS_STORED));
        put(l, TagFromName.HighBit, Integer.toString(ChestPhantom.BITS_STORED - 1));
        put(l, TagFromName.PixelRepresentation, "0");
        put(l, TagFromName.WindowCenter, "1800");
        put(l, TagFromName.WindowWidth, "3000");
        put(l, TagFromName.RescaleIntercept, "0");
        put(l, TagFromName.RescaleSlope, "1");
        put(l, TagFromName.BurnedInAnnotation, "NO");
        return l;
    }

    private static void put(AttributeList l, AttributeTag tag, String value) throws DicomException {
        Attribute a = l.putNewAttribute(tag);
        if (!value.isEmpty()) {
            a.addValue(value);
        }
    }
}
