<?xml version="1.0" encoding="UTF-8"?>
<!--
  A generic document as PDF: the brand's name in the header, "Page N of
  M" in the footer, the page's title as the heading, then the content:
    <para>text</para>             a paragraph
    <heading>text</heading>       a section heading
    <NAME><html>...</html></NAME> Markdown (at_x_markdown): headings,
                                  paragraphs, lists, quotes, code, rules,
                                  tables, bold, italic and links
    <signature id label name date/>  a signature box
    <page-break/>                 a new page
  Anything else in <content> is left out.  The vocabulary this writes is
  described in docs/skins.md, "PDF".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="xml" encoding="UTF-8"/>

<xsl:template match="/atrium">
  <document author="{brand/@name}">
    <xsl:if test="normalize-space(title) != ''">
      <xsl:attribute name="title">
        <xsl:value-of select="title"/>
      </xsl:attribute>
    </xsl:if>
    <header>
      <p align="right" size="8" color="#555555">
        <xsl:value-of select="brand/@name"/>
      </p>
    </header>
    <footer>
      <p align="center" size="8" color="#555555">Page <page-number/> of <page-count/></p>
    </footer>
    <xsl:if test="normalize-space(title) != ''">
      <h1><xsl:value-of select="title"/></h1>
    </xsl:if>
    <xsl:apply-templates select="content/*" mode="block"/>
  </document>
</xsl:template>

<!-- The page model's own elements. -->
<xsl:template match="para" mode="block">
  <p><xsl:value-of select="."/></p>
</xsl:template>
<xsl:template match="heading" mode="block">
  <h2><xsl:value-of select="."/></h2>
</xsl:template>
<xsl:template match="html" mode="block">
  <xsl:apply-templates mode="md"/>
</xsl:template>
<xsl:template match="*[html]" mode="block">
  <xsl:apply-templates select="html" mode="block"/>
</xsl:template>
<xsl:template match="signature" mode="block">
  <signature id="{@id}">
    <xsl:copy-of select="@label | @name | @date"/>
  </signature>
</xsl:template>
<xsl:template match="page-break" mode="block">
  <page-break/>
</xsl:template>
<xsl:template match="*" mode="block"/>

<!-- Sanitised Markdown HTML to blocks. -->
<xsl:template match="text()" mode="md"/>
<xsl:template match="h1 | h2" mode="md">
  <h2><xsl:apply-templates mode="inline"/></h2>
</xsl:template>
<xsl:template match="h3 | h4 | h5 | h6" mode="md">
  <h3><xsl:apply-templates mode="inline"/></h3>
</xsl:template>
<xsl:template match="p | pre" mode="md">
  <p><xsl:apply-templates mode="inline"/></p>
</xsl:template>
<xsl:template match="blockquote" mode="md">
  <xsl:apply-templates mode="md"/>
</xsl:template>
<xsl:template match="hr" mode="md">
  <hr/>
</xsl:template>
<xsl:template match="ul | ol" mode="md">
  <xsl:element name="{local-name()}">
    <xsl:for-each select="li">
      <li><xsl:apply-templates mode="inline"/></li>
    </xsl:for-each>
  </xsl:element>
</xsl:template>
<xsl:template match="table" mode="md">
  <table>
    <xsl:attribute name="widths">
      <xsl:for-each select="(.//tr)[1]/*">* </xsl:for-each>
    </xsl:attribute>
    <xsl:if test="thead/tr">
      <thead><xsl:apply-templates select="thead/tr" mode="row"/></thead>
    </xsl:if>
    <xsl:apply-templates select="tr | tbody/tr" mode="row"/>
  </table>
</xsl:template>
<xsl:template match="tr" mode="row">
  <tr>
    <xsl:for-each select="th | td">
      <td><xsl:apply-templates mode="inline"/></td>
    </xsl:for-each>
  </tr>
</xsl:template>
<xsl:template match="*" mode="md">
  <p><xsl:apply-templates mode="inline"/></p>
</xsl:template>

<!-- Inline markup; lists inside list items read as text. -->
<xsl:template match="strong" mode="inline">
  <b><xsl:apply-templates mode="inline"/></b>
</xsl:template>
<xsl:template match="em" mode="inline">
  <i><xsl:apply-templates mode="inline"/></i>
</xsl:template>
<xsl:template match="br" mode="inline">
  <br/>
</xsl:template>
<xsl:template match="a[starts-with(@href, 'https://') or
    starts-with(@href, 'http://') or starts-with(@href, 'mailto:')]"
    mode="inline">
  <a href="{@href}"><xsl:apply-templates mode="inline"/></a>
</xsl:template>
<xsl:template match="*" mode="inline">
  <xsl:apply-templates mode="inline"/>
</xsl:template>

</xsl:stylesheet>
