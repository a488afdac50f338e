<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One shared file: its versions, downloads and comments. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="f" select="file"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/files">Files</a><xsl:if test="$f/project"> · <a href="{$base}/projects/{$f/project_id}"><xsl:value-of select="$f/project"/></a></xsl:if></nav>
    <h1><xsl:value-of select="$f/name"/></h1>
    <dl class="facts">
      <dt>Category</dt><dd><xsl:call-template name="hs-category"><xsl:with-param name="c" select="$f/category"/></xsl:call-template></dd>
      <dt>Version</dt><dd><xsl:value-of select="$f/current"/></dd>
      <dt>Size</dt><dd><xsl:value-of select="versions/version[1]/size_text"/></dd>
    </dl>
    <p><a class="button primary" href="{$base}/files/{$f/id}/download">Download</a></p>
    <xsl:call-template name="preview-inline">
      <xsl:with-param name="file" select="$f/id"/>
      <xsl:with-param name="version" select="versions/version[1]/version"/>
      <xsl:with-param name="state" select="versions/version[1]/preview"/>
      <xsl:with-param name="name" select="$f/name"/>
      <xsl:with-param name="mime" select="versions/version[1]/mime"/>
    </xsl:call-template>
    <xsl:call-template name="hs-versions">
      <xsl:with-param name="prefix" select="concat('/files/', $f/id)"/>
    </xsl:call-template>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/files/', $f/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
