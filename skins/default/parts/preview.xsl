<?xml version="1.0" encoding="UTF-8"?>
<!--
  Previews of files (imported by layout.xsl).  A file row or version
  carries <preview>: 'ready' when its images exist, 'none' or 'failed'
  when there is none, absent while the preview job has not run yet.
  The images are served access-checked at [/staff]/files/ID/preview
  (?size=thumb) and /files/ID/versions/V/preview.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <xsl:variable name="pv-pre"><xsl:if test="/atrium/user/@role = 'staff' or /atrium/user/@role = 'admin'">/staff</xsl:if></xsl:variable>

  <!-- In a file row (context: the <file>): its thumbnail, if ready. -->
  <xsl:template name="preview-thumb">
    <xsl:if test="preview = 'ready'">
      <img src="{$base}{$pv-pre}/files/{id}/preview?size=thumb" alt=""
           class="thumb" width="48" height="36" loading="lazy"/>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!--
    The preview of one version: file (the file's id), version, state
    (its <preview>), name (for the text alternative), mime.
  -->
  <xsl:template name="preview-inline">
    <xsl:param name="file"/>
    <xsl:param name="version"/>
    <xsl:param name="state"/>
    <xsl:param name="name"/>
    <xsl:param name="mime" select="''"/>
    <xsl:choose>
      <xsl:when test="$state = 'ready'">
        <figure class="preview">
          <img src="{$base}{$pv-pre}/files/{$file}/versions/{$version}/preview"
               alt="Preview of {$name}, version {$version}"/>
          <figcaption>
            <xsl:choose>
              <xsl:when test="$mime = 'application/pdf'">First page of </xsl:when>
              <xsl:otherwise>Preview of </xsl:otherwise>
            </xsl:choose>
            <xsl:value-of select="$name"/>, version <xsl:value-of select="$version"/>
          </figcaption>
        </figure>
      </xsl:when>
      <xsl:when test="not($state) or $state = ''">
        <xsl:if test="$mime = 'application/pdf' or starts-with($mime, 'image/')">
          <p class="preview-wait small">The preview is being prepared; it appears within a few minutes.</p>
        </xsl:if>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
