<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One file for the team: share, rename, new version, history, comments. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="f" select="file"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/files">Files</a> · <xsl:value-of select="$f/client"/><xsl:if test="$f/project"> · <a href="{$base}/staff/projects/{$f/project_id}"><xsl:value-of select="$f/project"/></a></xsl:if></nav>
    <h1><xsl:value-of select="$f/name"/><xsl:text> </xsl:text>
      <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="$f/visible"/></xsl:call-template></h1>
    <dl class="facts">
      <dt>Category</dt><dd><xsl:call-template name="hs-category"><xsl:with-param name="c" select="$f/category"/></xsl:call-template></dd>
      <dt>Version</dt><dd><xsl:value-of select="$f/current"/></dd>
      <dt>Type</dt><dd><xsl:value-of select="versions/version[1]/mime"/></dd>
      <dt>SHA-256</dt><dd class="small"><xsl:value-of select="versions/version[1]/sha256"/></dd>
    </dl>
    <p><a href="{$base}/staff/files/{$f/id}/download">Download</a></p>
    <xsl:call-template name="preview-inline">
      <xsl:with-param name="file" select="$f/id"/>
      <xsl:with-param name="version" select="versions/version[1]/version"/>
      <xsl:with-param name="state" select="versions/version[1]/preview"/>
      <xsl:with-param name="name" select="$f/name"/>
      <xsl:with-param name="mime" select="versions/version[1]/mime"/>
    </xsl:call-template>
    <form method="post" action="{$base}/staff/files/{$f/id}/share" class="inline">
      <xsl:call-template name="csrf"/>
      <xsl:choose>
        <xsl:when test="$f/visible = '1'"><button type="submit">Stop sharing</button></xsl:when>
        <xsl:otherwise><input type="hidden" name="visible" value="1"/><button type="submit" class="primary">Share with the client</button></xsl:otherwise>
      </xsl:choose>
    </form>
    <h2>New version</h2>
    <form method="post" action="{$base}/staff/files/{$f/id}/versions" enctype="multipart/form-data" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">file</xsl:with-param>
        <xsl:with-param name="label">File</xsl:with-param>
        <xsl:with-param name="type">file</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">note</xsl:with-param>
        <xsl:with-param name="label">What changed</xsl:with-param>
      </xsl:call-template>
      <p><button type="submit">Add version</button></p>
    </form>
    <xsl:call-template name="hs-versions">
      <xsl:with-param name="prefix" select="concat('/staff/files/', $f/id)"/>
    </xsl:call-template>
    <h2>Name and category</h2>
    <form method="post" action="{$base}/staff/files/{$f/id}" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">name</xsl:with-param>
        <xsl:with-param name="label">Name</xsl:with-param>
        <xsl:with-param name="value" select="$f/name"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-category">Category</label>
        <xsl:call-template name="hs-category-select">
          <xsl:with-param name="selected" select="$f/category"/>
        </xsl:call-template>
      </div>
      <p><button type="submit">Save</button></p>
    </form>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/staff/files/', $f/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
