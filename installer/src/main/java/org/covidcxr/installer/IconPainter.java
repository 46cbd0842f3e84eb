package org.covidcxr.installer;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.phantom.ChestPhantom;

/**
 * Draws the application icon from code (no external artwork): the synthetic chest phantom on a dark rounded tile,
 * with a Grad-CAM-like warm spot over one lung. Writes it in each platform's format, all PNG-based:
 * {@code covidcxr.png} (Linux), {@code covidcxr.ico} (Windows) and {@code covidcxr.icns} (macOS).
 */
public final class IconPainter {
    public static final String BASE_NAME = "covidcxr";
    private static final int MASTER_SIZE = 512;
    private static final List<Integer> ICO_SIZES = List.of(16, 32, 48, 256);
    /** ICNS PNG-payload entry types and their pixel sizes. */
    private static final List<IcnsEntry> ICNS_ENTRIES = List.of(
            new IcnsEntry("ic07", 128), new IcnsEntry("ic08", 256), new IcnsEntry("ic09", 512));

    private record IcnsEntry(String type, int size) {
    }

    private IconPainter() {
    }

    /** Usage: {@code IconPainter OUTPUT_FOLDER}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: IconPainter OUTPUT_FOLDER");
        }
        writeAll(Path.of(args[0]));
    }

    /** Writes the three icon files into {@code folder} (created if needed). */
    public static void writeAll(Path folder) throws IOException {
        Files.createDirectories(folder);
        BufferedImage master = paint();
        Files.write(folder.resolve(BASE_NAME + ".png"), png(scaled(master, 256)));
        Files.write(folder.resolve(BASE_NAME + ".ico"), ico(master));
        Files.write(folder.resolve(BASE_NAME + ".icns"), icns(master));
    }

    /** The master icon (512 x 512, ARGB with transparent corners); smaller sizes are scaled from it. */
    static BufferedImage paint() {
        int size = MASTER_SIZE;
        BufferedImage icon = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = icon.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            double corner = size * 0.22;
            RoundRectangle2D tile = new RoundRectangle2D.Double(0, 0, size, size, corner, corner);
            g.setColor(new Color(0x14, 0x22, 0x33));
            g.fill(tile);

            g.setClip(tile);
            int inset = Math.round(size * 0.08f);
            g.drawImage(radiograph(size - 2 * inset), inset, inset, null);

            // A warm, translucent spot over the patient's right lung: "where the model looked".
            float r = size * 0.17f;
            Point2D.Float centre = new Point2D.Float(size * 0.34f, size * 0.55f);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.75f));
            g.setPaint(new RadialGradientPaint(centre, r, new float[] {0f, 0.5f, 1f},
                    new Color[] {new Color(255, 60, 30, 230), new Color(255, 170, 0, 150), new Color(255, 200, 0, 0)},
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
            g.fillOval(Math.round(centre.x - r), Math.round(centre.y - r), Math.round(2 * r), Math.round(2 * r));

            g.setComposite(AlphaComposite.SrcOver);
            g.setClip(null);
            g.setColor(new Color(0x2e, 0xc4, 0xb6));
            float stroke = Math.max(1f, size * 0.03f);
            g.setStroke(new BasicStroke(stroke));
            g.draw(new RoundRectangle2D.Double(stroke / 2, stroke / 2, size - stroke, size - stroke, corner, corner));
        } finally {
            g.dispose();
        }
        return icon;
    }

    /** The phantom through its default window, as an opaque grey image. */
    private static BufferedImage radiograph(int size) {
        XrayImage phantom = ChestPhantom.render(size, size);
        double lower = phantom.windows().get(0).lower();
        double width = phantom.windows().get(0).width();
        BufferedImage grey = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (int) Math.round(Math.max(0, Math.min(1, (phantom.value(x, y) - lower) / width)) * 255);
                grey.setRGB(x, y, 0xff000000 | v << 16 | v << 8 | v);
            }
        }
        return grey;
    }

    private static BufferedImage scaled(BufferedImage source, int size) {
        if (source.getWidth() == size) {
            return source;
        }
        // Halving steps keep small icons smooth (one bicubic jump from 512 to 16 would alias).
        BufferedImage current = source;
        while (current.getWidth() / 2 >= size) {
            current = resize(current, current.getWidth() / 2);
        }
        return current.getWidth() == size ? current : resize(current, size);
    }

    private static BufferedImage resize(BufferedImage source, int size) {
        BufferedImage target = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** ICO with PNG payloads (read by Windows Vista and later): ICONDIR, one ICONDIRENTRY per size, the PNGs. */
    static byte[] ico(BufferedImage master) {
        List<byte[]> images = ICO_SIZES.stream().map(s -> png(scaled(master, s))).toList();
        int headerSize = 6 + 16 * images.size();
        int total = headerSize + images.stream().mapToInt(b -> b.length).sum();
        ByteBuffer ico = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) images.size());
        int offset = headerSize;
        for (int i = 0; i < images.size(); i++) {
            int size = ICO_SIZES.get(i);
            ico.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size)); // 0 means 256
            ico.put((byte) 0).put((byte) 0);                                              // no palette, reserved
            ico.putShort((short) 1).putShort((short) 32);                                 // planes, bits per pixel
            ico.putInt(images.get(i).length).putInt(offset);
            offset += images.get(i).length;
        }
        images.forEach(ico::put);
        return ico.array();
    }

    /** ICNS (big-endian): magic, total length, then one PNG-payload entry per size. */
    static byte[] icns(BufferedImage master) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(entries)) {
            for (IcnsEntry entry : ICNS_ENTRIES) {
                byte[] payload = png(scaled(master, entry.size()));
                out.writeBytes(entry.type());
                out.writeInt(8 + payload.length);
                out.write(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream icns = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(icns)) {
            out.writeBytes("icns");
            out.writeInt(8 + entries.size());
            entries.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return icns.toByteArray();
    }
}
