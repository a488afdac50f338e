<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="hub-sections.xsl"/>
  <!-- One shared file: its versions, downloads and comments. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="f" select="file"/>
    <p><a href="/files">Files</a> · <a href="/projects/{$f/project_id}"><xsl:value-of select="$f/project"/></a></p>
    <h1><xsl:value-of select="$f/name"/></h1>
    <dl class="facts">
      <dt>Category</dt><dd><xsl:call-template name="hs-category"><xsl:with-param name="c" select="$f/category"/></xsl:call-template></dd>
      <dt>Version</dt><dd><xsl:value-of select="$f/current"/></dd>
      <dt>Size</dt><dd><xsl:value-of select="versions/version[1]/size_text"/></dd>
    </dl>
    <p><a class="button primary" href="/files/{$f/id}/download">Download</a></p>
    <xsl:call-template name="versions">
      <xsl:with-param name="base" select="concat('/files/', $f/id)"/>
    </xsl:call-template>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/files/', $f/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- The version history with a download link for each. -->
  <xsl:template name="versions">
    <xsl:param name="base"/>
    <h2>Versions</h2>
    <table class="list">
      <thead><tr><th scope="col">Version</th><th scope="col">Name</th><th scope="col">Size</th><th scope="col">Uploaded</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
      <tbody>
        <xsl:for-each select="versions/version">
          <tr>
            <td><a href="{$base}/versions/{version}/download">Version <xsl:value-of select="version"/></a></td>
            <td><xsl:value-of select="vname"/></td>
            <td><xsl:value-of select="size_text"/></td>
            <td class="when"><xsl:value-of select="when"/></td>
            <td><xsl:value-of select="uploaded_by"/></td>
            <td><xsl:value-of select="note"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
</xsl:stylesheet>
